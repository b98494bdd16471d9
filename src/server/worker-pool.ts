/**
 * A fixed-size pool of long-lived worker threads running the platform's training / evaluation jobs
 * (a JobRunner, so it plugs into createPlatform). Jobs queue when every worker is busy. The caller's
 * AsyncLocalStorage context (`jobContext`) carries an AbortSignal (cancel: the job leaves the queue,
 * or its worker is terminated and replaced), an `onStart` hook (queued -> running) and an
 * `onProgress` hook (the fit's progress reports).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker.js';
import type { TrainingEvent } from '../models/base.js';
import type { EvaluateJob, EvaluateResult, Job, TrainJob, TrainResult } from '../services/jobs.js';
import { BUILTINS_SETUP, JobError, type JobRunner } from '../services/runner.js';

export interface JobContext {
  readonly signal?: AbortSignal;
  /** Called when a worker picks the job up. */
  onStart?(): void;
  /** Called with the fit's progress reports (at most about 10 a second). */
  onProgress?(event: TrainingEvent): void;
}

/** Context the pool reads for the job started inside `jobContext.run(ctx, fn)`. */
export const jobContext = new AsyncLocalStorage<JobContext>();

export interface WorkerPoolOptions {
  /** Worker threads (default: available cores, at least 2). */
  readonly size?: number;
  /** Module URL registering models/datasets in each worker (default: the built-ins). */
  readonly setup?: string | URL;
  /** Niceness of the worker threads (default 10: below the main thread; 0 keeps the normal priority). */
  readonly nice?: number;
}

interface Task {
  readonly id: number;
  readonly job: Job;
  readonly ctx: JobContext | undefined;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  settled: boolean;
  slot: Slot | null;
  unlisten?: () => void;
}

interface Slot {
  readonly worker: Worker;
  task: Task | null;
}

/**
 * A job was cancelled (by the client, or at shutdown after the grace period).
 */
export class CancelledError extends JobError {
  constructor(kind: string, reason = 'cancelled') {
    super('CancelledError', 'E_CANCELLED', `${kind} job ${reason}`);
  }
}

/**
 * A fixed pool of worker threads (one per core, at least 2, at a lower CPU priority) that runs the
 * training and evaluation jobs, so the server's event loop stays free.
 */
export class WorkerPool implements JobRunner {
  readonly size: number;
  private readonly setup: string;
  private readonly nice: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.max(2, availableParallelism()));
    this.setup = String(options.setup ?? BUILTINS_SETUP);
    this.nice = options.nice ?? 10;
  }

  train(job: TrainJob): Promise<TrainResult> {
    return this.submit(job) as Promise<TrainResult>;
  }

  evaluate(job: EvaluateJob): Promise<EvaluateResult> {
    return this.submit(job) as Promise<EvaluateResult>;
  }

  /** Jobs waiting for a worker / running now. */
  stats(): { queued: number; running: number; workers: number } {
    let running = 0;
    for (const s of this.slots) if (s.task) running++;
    return { queued: this.queue.length, running, workers: this.slots.size };
  }

  /** Terminates every worker; queued and running jobs fail with CancelledError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0))
      this.settle(t, false, new CancelledError(t.job.kind, 'stopped: the pool closed'));
    const all = [...this.slots];
    this.slots.clear();
    for (const s of all) {
      if (s.task) this.settle(s.task, false, new CancelledError(s.task.job.kind, 'stopped: the pool closed'));
    }
    await Promise.all(all.map((s) => s.worker.terminate()));
  }

  private submit(job: Job): Promise<unknown> {
    const ctx = jobContext.getStore();
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new CancelledError(job.kind, 'refused: the pool is closed'));
      if (ctx?.signal?.aborted) return reject(new CancelledError(job.kind));
      const task: Task = { id: this.nextId++, job, ctx, resolve, reject, settled: false, slot: null };
      if (ctx?.signal) {
        const onAbort = () => this.cancel(task);
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        task.unlisten = () => ctx.signal?.removeEventListener('abort', onAbort);
      }
      this.queue.push(task);
      this.pump();
    });
  }

  private cancel(task: Task): void {
    if (task.settled) return;
    const i = this.queue.indexOf(task);
    if (i >= 0) this.queue.splice(i, 1);
    const slot = task.slot;
    this.settle(task, false, new CancelledError(task.job.kind));
    if (slot) this.retire(slot);
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot: Slot | undefined;
      for (const s of this.slots) if (!s.task) slot = s;
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      task.slot = slot;
      slot.worker.postMessage({ id: task.id, job: task.job });
    }
  }

  private spawn(): Slot {
    const worker = startWorker(import.meta.url, 'pool-worker', {
      workerData: { setup: this.setup, nice: this.nice },
    });
    const slot: Slot = { worker, task: null };
    this.slots.add(slot);
    worker.on(
      'message',
      (m: {
        id: number;
        type: 'started' | 'progress' | 'result';
        event?: TrainingEvent;
        ok?: boolean;
        result?: unknown;
        error?: { name: string; code: string; message: string };
      }) => {
        const t = slot.task;
        if (!t || t.id !== m.id) return;
        if (m.type === 'started') {
          t.ctx?.onStart?.();
          return;
        }
        if (m.type === 'progress') {
          if (m.event) t.ctx?.onProgress?.(m.event);
          return;
        }
        slot.task = null;
        if (m.ok) this.settle(t, true, m.result);
        else this.settle(t, false, new JobError(m.error!.name, m.error!.code, m.error!.message));
        this.pump();
      },
    );
    const lost = (why: string) => {
      if (!this.slots.has(slot)) return;
      this.slots.delete(slot);
      if (slot.task) this.settle(slot.task, false, new JobError('WorkerExit', 'E_WORKER', why));
      slot.task = null;
      this.pump();
    };
    worker.on('error', (e) => lost(e.message));
    worker.on('exit', (code) => lost(`worker exited with code ${code} before answering`));
    return slot;
  }

  /** Terminates a worker whose job was cancelled; a fresh one replaces it on demand. */
  private retire(slot: Slot): void {
    this.slots.delete(slot);
    slot.task = null;
    void slot.worker.terminate();
    this.pump();
  }

  private settle(t: Task, ok: boolean, value: unknown): void {
    if (t.settled) return;
    t.settled = true;
    t.unlisten?.();
    if (ok) t.resolve(value);
    else t.reject(value);
  }
}
