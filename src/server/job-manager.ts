/**
 * Asynchronous training on top of ExperimentService.train: `submit` resolves as soon as the request is
 * accepted (token known, job persisted as queued), the fit goes on in the worker pool, and the job's
 * state (queued -> running -> done | failed | cancelled) is kept in the JobStore and pushed to
 * listeners (server-sent events, CLI progress). The fit's progress reports (fraction done, iteration,
 * loss) are kept in memory for running jobs, shown in `status` and pushed to progress listeners.
 * `cancel` aborts a queued or running job.
 */
import { EventEmitter } from 'node:events';
import type { TrainingEvent } from '../models/base.js';
import { type Actor, canSee, LOCAL_ADMIN } from '../services/accounts/types.js';
import type { ExperimentService, TrainHooks } from '../services/experiment-service.js';
import { type JobRow, type JobState, type JobStore, TERMINAL_STATES } from './job-store.js';
import { CancelledError, jobContext } from './worker-pool.js';

/** The latest progress report of a fit. */
export interface JobProgress {
  /** Fraction of the fit done, 0..1. */
  readonly fraction: number;
  readonly iteration?: number;
  /** Expected iterations (trees, epochs, pairs, ...) when known. */
  readonly total?: number;
  readonly loss?: number;
  readonly message?: string;
}

export interface JobStatus extends JobRow {
  /** Milliseconds since the request was accepted (or until it ended). */
  readonly elapsed_ms: number;
  /** Latest progress of a running job (fraction 1 once done); absent while unknown. */
  readonly progress?: JobProgress;
}

/** A progress report as pushed to listeners (the SSE `progress` event's data). */
export interface ProgressEvent extends JobProgress {
  readonly token: string;
  readonly iteration: number;
}

export type JobListener = (status: JobStatus) => void;
export type ProgressListener = (event: ProgressEvent) => void;

/**
 * Queues training jobs on the worker pool and follows them: durable states (queued, running, done,
 * failed, cancelled), progress reports, listeners for server-sent events, cancellation and waiting.
 */
export class JobManager {
  private readonly emitter = new EventEmitter();
  private readonly progressEmitter = new EventEmitter();
  private readonly progress = new Map<string, JobProgress>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly reasons = new Map<string, string>();

  constructor(
    private readonly service: ExperimentService,
    private readonly store: JobStore,
    private readonly clock: () => number = Date.now,
  ) {
    this.emitter.setMaxListeners(0);
    this.progressEmitter.setMaxListeners(0);
  }

  /**
   * Accepts a training request of `actor` (who owns job and record); resolves with the queued job
   * (throws the validation error). `clientKey` is the key the pool queues the job fairly under
   * (default: the actor's id).
   */
  submit(
    request: unknown,
    actor: Actor = LOCAL_ADMIN,
    options: { clientKey?: string } = {},
  ): Promise<JobStatus> {
    const train = (hooks: TrainHooks) => this.service.train(request, hooks, actor);
    return new Promise<JobStatus>((resolve, reject) => {
      const ctl = new AbortController();
      let token: string | null = null;
      const ctx = {
        signal: ctl.signal,
        clientKey: options.clientKey ?? actor.id,
        onStart: () => {
          if (token) this.set(token, 'running');
        },
        onProgress: (e: TrainingEvent) => {
          if (token) this.report(token, e);
        },
      };
      const work = jobContext.run(ctx, () =>
        train({
          onAccepted: (t, createdAt) => {
            try {
              this.store.insert({
                token: t,
                kind: 'train',
                state: 'queued',
                created_at: createdAt,
                updated_at: this.clock(),
                error: null,
                owner: actor.id,
              });
            } catch (e) {
              // the job cannot be tracked: do not run it, answer the error
              ctl.abort(e);
              reject(e);
              return;
            }
            token = t;
            this.controllers.set(t, ctl);
            resolve(this.status(t)!);
          },
        }),
      );
      const done = work.then(
        () => {
          if (token) this.set(token, 'done');
        },
        (e: unknown) => {
          if (!token) return reject(e); // no-op when already rejected
          const cancelled = e instanceof CancelledError && ctl.signal.aborted;
          this.set(
            token,
            cancelled ? 'cancelled' : 'failed',
            cancelled ? (this.reasons.get(token) ?? (e as Error).message) : (e as Error).message,
          );
        },
      );
      void done.then(() => {
        if (token) {
          this.controllers.delete(token);
          this.reasons.delete(token);
        }
      });
    });
  }

  /** The job's status; null when unknown, or when `actor` is given and may not see it. */
  status(token: string, actor?: Actor): JobStatus | null {
    if (actor && !canSee(actor, this.store.ownerOf(token) ?? '')) return null;
    const row = this.store.get(token);
    if (!row) return null;
    const end = (TERMINAL_STATES as readonly string[]).includes(row.state) ? row.updated_at : this.clock();
    const progress = row.state === 'done' ? { fraction: 1 } : this.progress.get(token);
    return { ...row, elapsed_ms: Math.max(0, end - row.created_at), ...(progress ? { progress } : {}) };
  }

  /** Cancels a queued or running job; returns its status (unchanged when already over), null when unknown. */
  cancel(token: string, reason = 'cancelled by the client'): JobStatus | null {
    const ctl = this.controllers.get(token);
    if (ctl && !ctl.signal.aborted) {
      this.reasons.set(token, reason);
      ctl.abort(new Error(reason));
    }
    return this.status(token);
  }

  /** Calls `listener` on every change of the job; returns the unsubscribe function. */
  subscribe(token: string, listener: JobListener): () => void {
    this.emitter.on(token, listener);
    return () => this.emitter.off(token, listener);
  }

  /** Calls `listener` on every progress report of the job's fit; returns the unsubscribe function. */
  subscribeProgress(token: string, listener: ProgressListener): () => void {
    this.progressEmitter.on(token, listener);
    return () => this.progressEmitter.off(token, listener);
  }

  /** Resolves when the job reaches a terminal state (immediately when it already has). */
  waitFor(token: string): Promise<JobStatus | null> {
    const now = this.status(token);
    if (!now || (TERMINAL_STATES as readonly string[]).includes(now.state)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const off = this.subscribe(token, (s) => {
        if ((TERMINAL_STATES as readonly string[]).includes(s.state)) {
          off();
          resolve(s);
        }
      });
    });
  }

  /** Jobs accepted by this process and not over yet. */
  inFlight(): number {
    return this.controllers.size;
  }

  /**
   * Graceful stop: waits up to `graceMs` for in-flight jobs to finish, then cancels the rest (they end
   * `cancelled` with the reason given, never silently lost).
   */
  async drain(graceMs: number, reason = 'stopped: the server shut down'): Promise<void> {
    const pending = () => [...this.controllers.keys()].map((t) => this.waitFor(t));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), graceMs);
    });
    const outcome = await Promise.race([Promise.all(pending()).then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const t of [...this.controllers.keys()]) this.cancel(t, reason);
      await Promise.all(pending());
    }
  }

  /** Stores a progress report of a running job and pushes it to the progress listeners. */
  private report(token: string, e: TrainingEvent): void {
    if (!this.controllers.has(token) || typeof e.fraction !== 'number' || !Number.isFinite(e.fraction))
      return;
    const before = this.progress.get(token)?.fraction ?? 0;
    const p: JobProgress = {
      fraction: Math.min(1, Math.max(before, e.fraction)),
      iteration: Number.isFinite(e.iteration) ? e.iteration : 0,
      ...(typeof e.total === 'number' && Number.isFinite(e.total) ? { total: e.total } : {}),
      ...(typeof e.loss === 'number' && Number.isFinite(e.loss) ? { loss: e.loss } : {}),
      ...(typeof e.message === 'string' ? { message: e.message } : {}),
    };
    this.progress.set(token, p);
    const event: ProgressEvent = { token, iteration: 0, ...p };
    this.progressEmitter.emit(token, event);
  }

  private set(token: string, state: JobState, error: string | null = null): void {
    if ((TERMINAL_STATES as readonly string[]).includes(state)) this.progress.delete(token);
    this.store.update(token, state, this.clock(), error);
    const s = this.status(token);
    if (s) this.emitter.emit(token, s);
  }
}
