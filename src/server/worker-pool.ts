/**
 * A fixed-size pool of long-lived worker threads running the platform's training / evaluation jobs
 * (a JobRunner, so it plugs into createPlatform). Jobs queue when every worker is busy. The caller's
 * AsyncLocalStorage context (`jobContext`) carries an AbortSignal (cancel: the job leaves the queue,
 * or its worker is terminated and replaced), an `onStart` hook (queued -> running), an
 * `onProgress` hook (the fit's progress reports) and the `clientKey` the job is queued under.
 *
 * Bounds: every job has a wall-time limit (its worker is terminated and replaced when it runs past
 * it) and every worker a heap limit (Worker resourceLimits); a job that cannot be posted to a worker
 * fails alone, its slot freed; a worker that crashes or exits is replaced. Queueing is fair: queued
 * jobs are taken round-robin between client keys, and one client holds at most
 * `maxRunningPerClient` workers at once, so one client's slow jobs cannot starve the others.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker.js';
import type { TrainingEvent } from '../models/base.js';
import type {
  EvaluateJob,
  EvaluateResult,
  Job,
  PredictJob,
  PredictResult,
  TrainJob,
  TrainResult,
} from '../services/jobs.js';
import { BUILTINS_SETUP, JobError, type JobRunner } from '../services/runner.js';
import {
  JobDispatchError,
  JobMemoryError,
  JobTimeoutError,
  QueueFullError,
  WorkerLostError,
} from './pool-errors.js';

export interface JobContext {
  readonly signal?: AbortSignal;
  /** Who asked (remote address, user id): jobs are queued fairly between keys (default 'anonymous'). */
  readonly clientKey?: string;
  /** Called when a worker picks the job up. */
  onStart?(): void;
  /** Called with the fit's progress reports (at most about 10 a second). */
  onProgress?(event: TrainingEvent): void;
}

/** Context the pool reads for the job started inside `jobContext.run(ctx, fn)`. */
export const jobContext = new AsyncLocalStorage<JobContext>();

/** Default wall-time limit of one job: 30 minutes. */
export const DEFAULT_JOB_TIMEOUT_MS = 30 * 60 * 1000;
/** Default heap limit of one pool worker (V8 old generation): 2 GiB. */
export const DEFAULT_JOB_MEMORY_MB = 2048;

export interface WorkerPoolOptions {
  /** Worker threads (default: available cores, at least 2). */
  readonly size?: number;
  /** Module URL registering models/datasets in each worker (default: the built-ins). */
  readonly setup?: string | URL;
  /** Niceness of the worker threads (default 10: below the main thread; 0 keeps the normal priority). */
  readonly nice?: number;
  /** Wall-time limit of one job in ms, queueing excluded (default 30 min; 0 or Infinity: none). */
  readonly jobTimeoutMs?: number;
  /** Heap limit of each worker in MiB (default 2048); a job exceeding it fails with JobMemoryError. */
  readonly jobMemoryMb?: number;
  /** Extra threads one job may start (nJobs of forests, SVC pairs, loss rows; default: the cores). */
  readonly maxThreadsPerJob?: number;
  /** Workers one client key may hold at once (default: size - 1, at least 1). */
  readonly maxRunningPerClient?: number;
  /** Jobs one client key may have waiting for a worker (default 64); more fail with QueueFullError. */
  readonly maxQueuedPerClient?: number;
}

/** Default bound on the jobs one client may have queued. */
export const DEFAULT_MAX_QUEUED_PER_CLIENT = 64;

interface Task {
  readonly id: number;
  readonly job: Job;
  readonly ctx: JobContext | undefined;
  readonly client: string;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  settled: boolean;
  slot: Slot | null;
  timer?: NodeJS.Timeout;
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
  readonly jobTimeoutMs: number;
  readonly jobMemoryMb: number;
  readonly maxThreadsPerJob: number;
  readonly maxRunningPerClient: number;
  readonly maxQueuedPerClient: number;
  private readonly setup: string;
  private readonly nice: number;
  private readonly slots = new Set<Slot>();
  /** Queued tasks per client key. */
  private readonly queues = new Map<string, Task[]>();
  /** When each client key was last given a worker (a dispatch counter): least recent goes first. */
  private readonly lastServed = new Map<string, number>();
  private readonly running = new Map<string, number>();
  private dispatches = 0;
  private queued = 0;
  private nextId = 1;
  private closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.max(2, availableParallelism()));
    this.setup = String(options.setup ?? BUILTINS_SETUP);
    this.nice = options.nice ?? 10;
    const t = options.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
    this.jobTimeoutMs = Number.isFinite(t) && t > 0 ? t : Number.POSITIVE_INFINITY;
    this.jobMemoryMb = Math.max(64, options.jobMemoryMb ?? DEFAULT_JOB_MEMORY_MB);
    this.maxThreadsPerJob = Math.max(1, Math.floor(options.maxThreadsPerJob ?? availableParallelism()));
    this.maxQueuedPerClient = Math.max(
      1,
      Math.floor(options.maxQueuedPerClient ?? DEFAULT_MAX_QUEUED_PER_CLIENT),
    );
    this.maxRunningPerClient = Math.max(
      1,
      Math.floor(options.maxRunningPerClient ?? Math.max(1, this.size - 1)),
    );
  }

  train(job: TrainJob): Promise<TrainResult> {
    return this.submit(job) as Promise<TrainResult>;
  }

  evaluate(job: EvaluateJob): Promise<EvaluateResult> {
    return this.submit(job) as Promise<EvaluateResult>;
  }

  /** A prediction on a stored model (each worker keeps its parsed models in an LRU). */
  predict(job: PredictJob): Promise<PredictResult> {
    return this.submit(job) as Promise<PredictResult>;
  }

  /** Jobs waiting for a worker / running now. */
  stats(): { queued: number; running: number; workers: number } {
    let running = 0;
    for (const s of this.slots) if (s.task) running++;
    return { queued: this.queued, running, workers: this.slots.size };
  }

  /** Whether `clientKey` may queue one more job now (below maxQueuedPerClient). */
  canQueue(clientKey: string | undefined): boolean {
    return (this.queues.get(clientKey || 'anonymous')?.length ?? 0) < this.maxQueuedPerClient;
  }

  /** Terminates every worker; queued and running jobs fail with CancelledError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queues.values())
      for (const t of q.splice(0))
        this.settle(t, false, new CancelledError(t.job.kind, 'stopped: the pool closed'));
    this.queues.clear();
    this.queued = 0;
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
      const client = ctx?.clientKey || 'anonymous';
      if (!this.canQueue(client)) return reject(new QueueFullError(job.kind, this.maxQueuedPerClient));
      const task: Task = { id: this.nextId++, job, ctx, client, resolve, reject, settled: false, slot: null };
      if (ctx?.signal) {
        const onAbort = () => this.cancel(task);
        ctx.signal.addEventListener('abort', onAbort, { once: true });
        task.unlisten = () => ctx.signal?.removeEventListener('abort', onAbort);
      }
      this.enqueue(task);
      this.pump();
    });
  }

  private enqueue(task: Task): void {
    let q = this.queues.get(task.client);
    if (!q) {
      q = [];
      this.queues.set(task.client, q);
    }
    q.push(task);
    this.queued++;
  }

  /** Removes a queued task; true when it was queued. */
  private dequeue(task: Task): boolean {
    const q = this.queues.get(task.client);
    const i = q ? q.indexOf(task) : -1;
    if (!q || i < 0) return false;
    q.splice(i, 1);
    this.queued--;
    if (q.length === 0) this.queues.delete(task.client);
    return true;
  }

  /**
   * The next task: round-robin between client keys (the key served least recently first, ties by
   * arrival), skipping keys at their running cap; null when none may start.
   */
  private next(): Task | null {
    let best: string | null = null;
    let bestServed = 0;
    let bestId = 0;
    for (const [client, q] of this.queues) {
      if ((this.running.get(client) ?? 0) >= this.maxRunningPerClient) continue;
      const served = this.lastServed.get(client) ?? 0;
      const id = (q[0] as Task).id;
      if (best === null || served < bestServed || (served === bestServed && id < bestId)) {
        best = client;
        bestServed = served;
        bestId = id;
      }
    }
    if (best === null) return null;
    const q = this.queues.get(best) as Task[];
    const task = q.shift() as Task;
    this.queued--;
    if (q.length === 0) this.queues.delete(best);
    this.lastServed.set(best, ++this.dispatches);
    return task;
  }

  private cancel(task: Task): void {
    if (task.settled) return;
    this.dequeue(task);
    const slot = task.slot;
    this.settle(task, false, new CancelledError(task.job.kind));
    if (slot) this.retire(slot);
  }

  private pump(): void {
    while (this.queued > 0 && !this.closed) {
      let slot: Slot | undefined;
      for (const s of this.slots) if (!s.task) slot = s;
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.next();
      if (!task) return;
      this.dispatch(slot, task);
    }
  }

  private dispatch(slot: Slot, task: Task): void {
    try {
      slot.worker.postMessage({ id: task.id, job: task.job });
    } catch (e) {
      // nothing was sent (e.g. a value too deep to clone): this job fails, the worker stays free
      this.settle(task, false, new JobDispatchError(task.job.kind, (e as Error)?.message ?? String(e)));
      return;
    }
    slot.task = task;
    task.slot = slot;
    this.running.set(task.client, (this.running.get(task.client) ?? 0) + 1);
    if (Number.isFinite(this.jobTimeoutMs)) {
      task.timer = setTimeout(() => {
        if (task.settled || task.slot !== slot) return;
        this.settle(task, false, new JobTimeoutError(task.job.kind, this.jobTimeoutMs));
        this.retire(slot);
      }, this.jobTimeoutMs);
      task.timer.unref();
    }
  }

  private spawn(): Slot {
    const worker = startWorker(import.meta.url, 'pool-worker', {
      workerData: {
        setup: this.setup,
        nice: this.nice,
        maxThreads: this.maxThreadsPerJob,
        memoryMb: this.jobMemoryMb,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.jobMemoryMb },
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
    const lost = (why: string, outOfMemory: boolean) => {
      if (!this.slots.has(slot)) return;
      this.slots.delete(slot);
      const t = slot.task;
      slot.task = null;
      if (t) {
        this.settle(
          t,
          false,
          outOfMemory
            ? new JobMemoryError(t.job.kind, this.jobMemoryMb)
            : new WorkerLostError(t.job.kind, why),
        );
      }
      this.pump();
    };
    worker.on('error', (e: Error & { code?: string }) =>
      lost(e.message, e.code === 'ERR_WORKER_OUT_OF_MEMORY'),
    );
    worker.on('exit', (code) => lost(`worker exited with code ${code} before answering`, false));
    return slot;
  }

  /** Terminates a worker whose job was cancelled or timed out; a fresh one replaces it on demand. */
  private retire(slot: Slot): void {
    this.slots.delete(slot);
    slot.task = null;
    void slot.worker.terminate();
    this.pump();
  }

  private settle(t: Task, ok: boolean, value: unknown): void {
    if (t.settled) return;
    t.settled = true;
    if (t.timer) clearTimeout(t.timer);
    t.unlisten?.();
    if (t.slot) {
      const n = (this.running.get(t.client) ?? 1) - 1;
      if (n > 0) this.running.set(t.client, n);
      else {
        this.running.delete(t.client);
        // forget idle keys (bounded memory); a returning key starts as never served
        if (!this.queues.has(t.client)) this.lastServed.delete(t.client);
      }
    }
    if (ok) t.resolve(value);
    else t.reject(value);
  }
}
