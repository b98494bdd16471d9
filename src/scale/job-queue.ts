/**
 * Training / evaluation jobs over the broker: `QueueJobRunner` is the ExperimentService's JobRunner
 * in the API process (it sends the job to the `trainJob` / `evaluateJob` queue and waits for the
 * answer on its own reply queue, matched by correlation id); `serveJobs` is the worker side, a
 * competing consumer (prefetch 1) that runs each job and answers before it acks. A job that fails
 * on every try is dead-lettered and its requester gets the error. A job redelivered after a worker
 * died is run again; the requester keeps the first answer and drops the others.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { Registry } from '../catalog/registry.js';
import { AutolearnError } from '../core/errors.js';
import { startWorker } from '../core/worker.js';
import {
  type EvaluateJob,
  type EvaluateResult,
  type Job,
  runJob,
  type TrainJob,
  type TrainResult,
} from '../services/jobs.js';
import { BUILTINS_SETUP, JobError, type JobRunner } from '../services/runner.js';
import type { WorkerError } from '../services/worker-setup.js';
import type { DeliveryInfo, RabbitBus } from './rabbit-bus.js';

export const JOB_QUEUES = { train: 'trainJob', evaluate: 'evaluateJob' } as const;
export type JobKind = keyof typeof JOB_QUEUES;

/** The answer a worker sends to the requester's reply queue. */
export type JobReply =
  | { readonly ok: true; readonly result: TrainResult | EvaluateResult; readonly worker: string }
  | {
      readonly ok: false;
      readonly error: JobReplyError;
      readonly worker: string;
    };

/** A failed job's error as it travels (name, code, message). */
export type JobReplyError = WorkerError;

/** No answer within the runner's timeout. */
export class JobTimeoutError extends AutolearnError {
  constructor(kind: string, ms: number) {
    super('E_TIMEOUT', `${kind} job got no answer within ${ms} ms`);
  }
}

export interface QueueJobRunnerOptions {
  /** Reject a job that got no answer after this many ms (default: wait). */
  readonly timeoutMs?: number;
}

interface Pending {
  resolve(v: TrainResult | EvaluateResult): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout | null;
}

/**
 * Runs jobs through the broker: publishes each to its job queue and waits for the reply of whichever
 * worker took it (competing consumers), with a timeout.
 */
export class QueueJobRunner implements JobRunner {
  /** This requester's reply queue (durable, expires 10 minutes after its consumer is gone). */
  readonly replyQueue = `reply.${randomUUID()}`;
  private readonly pending = new Map<string, Pending>();
  private stop: (() => Promise<void>) | null = null;

  private constructor(
    private readonly bus: RabbitBus,
    private readonly options: QueueJobRunnerOptions,
  ) {}

  static async start(bus: RabbitBus, options: QueueJobRunnerOptions = {}): Promise<QueueJobRunner> {
    const r = new QueueJobRunner(bus, options);
    for (const q of Object.values(JOB_QUEUES)) await bus.declare(q);
    r.stop = await bus.consume<JobReply>(r.replyQueue, (m, info) => r.answer(m, info), {
      prefetch: 64,
      deadLetter: false,
      expiresMs: 600_000,
    });
    return r;
  }

  /** Jobs sent and not answered yet. */
  get outstanding(): number {
    return this.pending.size;
  }

  train(job: TrainJob): Promise<TrainResult> {
    return this.call('train', job) as Promise<TrainResult>;
  }

  evaluate(job: EvaluateJob): Promise<EvaluateResult> {
    return this.call('evaluate', job) as Promise<EvaluateResult>;
  }

  private async call(kind: JobKind, job: Job): Promise<TrainResult | EvaluateResult> {
    const id = randomUUID();
    const answer = new Promise<TrainResult | EvaluateResult>((resolve, reject) => {
      const ms = this.options.timeoutMs;
      const timer = ms
        ? setTimeout(() => {
            this.pending.delete(id);
            reject(new JobTimeoutError(kind, ms));
          }, ms)
        : null;
      this.pending.set(id, { resolve, reject, timer });
    });
    try {
      await this.bus.send(JOB_QUEUES[kind], job, {
        correlationId: id,
        replyTo: this.replyQueue,
        messageId: id,
      });
    } catch (e) {
      const p = this.pending.get(id);
      this.pending.delete(id);
      if (p?.timer) clearTimeout(p.timer);
      throw e;
    }
    return answer;
  }

  private answer(m: JobReply, info: DeliveryInfo) {
    const p = info.correlationId ? this.pending.get(info.correlationId) : undefined;
    if (!p) return; // a duplicate answer (a redelivered job ran twice) or a timed-out one
    this.pending.delete(info.correlationId as string);
    if (p.timer) clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new JobError(m.error.name, m.error.code, m.error.message));
  }

  /** Stops listening and deletes the reply queue; jobs still waiting are rejected. */
  async close(): Promise<void> {
    if (this.stop) {
      await this.stop();
      await this.bus.remove(this.replyQueue).catch(() => {});
    }
    this.stop = null;
    for (const [id, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new JobError('Closed', 'E_CLOSED', `job ${id} abandoned: runner closed`));
    }
    this.pending.clear();
  }
}

/** Runs jobs in the worker process itself (the process is the unit of isolation and scale). */
export class InlineJobRunner implements JobRunner {
  constructor(private readonly registry: Registry) {}
  train(job: TrainJob): Promise<TrainResult> {
    return runJob(this.registry, job) as Promise<TrainResult>;
  }
  evaluate(job: EvaluateJob): Promise<EvaluateResult> {
    return runJob(this.registry, job) as Promise<EvaluateResult>;
  }
}

/**
 * Runs jobs one after the other in one long-lived worker thread of this process (the registry is
 * built once): the main thread stays free for the broker's heartbeats during long fits. A thread
 * that dies fails its jobs with JobError and is replaced on the next job.
 */
export class ThreadJobRunner implements JobRunner {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(private readonly setup: string = BUILTINS_SETUP) {}

  train(job: TrainJob): Promise<TrainResult> {
    return this.run(job) as Promise<TrainResult>;
  }

  evaluate(job: EvaluateJob): Promise<EvaluateResult> {
    return this.run(job) as Promise<EvaluateResult>;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(import.meta.url, 'job-thread', { workerData: { setup: this.setup } });
    w.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: JobReplyError }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new JobError(m.error!.name, m.error!.code, m.error!.message));
    });
    const fail = (why: string) => {
      if (this.worker === w) this.worker = null;
      for (const [, p] of this.pending) p.reject(new JobError('WorkerExit', 'E_WORKER', why));
      this.pending.clear();
    };
    w.on('error', (e) => fail(`job thread failed: ${e.message}`));
    w.on('exit', (code) => fail(`job thread exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private run(job: Job): Promise<unknown> {
    const id = ++this.nextId;
    const w = this.thread();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

export interface ServeHooks {
  onStart?(kind: JobKind, info: DeliveryInfo): void;
  onDone?(kind: JobKind, info: DeliveryInfo, ok: boolean): void;
}

/**
 * Consumes one job queue with prefetch 1: runs the job, sends the answer (confirmed by the broker)
 * and only then acks. A failure is retried; after the bus's maxAttempts it is dead-lettered and the
 * requester gets the error.
 */
export async function serveJobs(
  bus: RabbitBus,
  kind: JobKind,
  runner: JobRunner,
  options: { worker?: string; prefetch?: number; hooks?: ServeHooks } = {},
): Promise<() => Promise<void>> {
  const worker = options.worker ?? `pid-${process.pid}`;
  const reply = async (info: DeliveryInfo, r: JobReply) => {
    if (info.replyTo) await bus.send(info.replyTo, r, { correlationId: info.correlationId, declare: false });
  };
  return bus.consume<Job>(
    JOB_QUEUES[kind],
    async (job, info) => {
      options.hooks?.onStart?.(kind, info);
      let result: TrainResult | EvaluateResult;
      try {
        result =
          kind === 'train' ? await runner.train(job as TrainJob) : await runner.evaluate(job as EvaluateJob);
      } catch (e) {
        options.hooks?.onDone?.(kind, info, false);
        // 'Name: message' travels in the dead letter's error header and back to the requester
        const err = e as Error & { code?: string };
        throw e instanceof JobError
          ? e
          : new JobError(err?.name ?? 'Error', err?.code ?? 'E_JOB', String(err?.message ?? e));
      }
      await reply(info, { ok: true, result, worker });
      options.hooks?.onDone?.(kind, info, true);
    },
    {
      prefetch: options.prefetch ?? 1,
      onDead: (_m, info, error) => {
        const [name, ...rest] = error.split(': ');
        return reply(info, {
          ok: false,
          error: {
            name: rest.length ? (name as string) : 'Error',
            code: 'E_JOB',
            message: rest.length ? rest.join(': ') : error,
          },
          worker,
        });
      },
    },
  );
}
