/**
 * Asynchronous training on top of ExperimentService.train: `submit` resolves as soon as the request is
 * accepted (token known, job persisted as queued), the fit goes on in the worker pool, and the job's
 * state (queued -> running -> done | failed | cancelled) is kept in the JobStore and pushed to
 * listeners (server-sent events, CLI progress). `cancel` aborts a queued or running job.
 */
import { EventEmitter } from 'node:events';
import type { ExperimentService } from '../services/experiment-service.js';
import { type JobRow, type JobState, type JobStore, TERMINAL_STATES } from './job-store.js';
import { CancelledError, jobContext } from './worker-pool.js';

export interface JobStatus extends JobRow {
  /** Milliseconds since the request was accepted (or until it ended). */
  readonly elapsed_ms: number;
}

export type JobListener = (status: JobStatus) => void;

export class JobManager {
  private readonly emitter = new EventEmitter();
  private readonly controllers = new Map<string, AbortController>();
  private readonly reasons = new Map<string, string>();

  constructor(
    private readonly service: ExperimentService,
    private readonly store: JobStore,
    private readonly clock: () => number = Date.now,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Validates and accepts a training request; resolves with the queued job (throws the validation error). */
  submit(request: unknown): Promise<JobStatus> {
    return new Promise<JobStatus>((resolve, reject) => {
      const ctl = new AbortController();
      let token: string | null = null;
      const ctx = {
        signal: ctl.signal,
        onStart: () => {
          if (token) this.set(token, 'running');
        },
      };
      const work = jobContext.run(ctx, () =>
        this.service.train(request, {
          onAccepted: (t, createdAt) => {
            try {
              this.store.insert({
                token: t,
                kind: 'train',
                state: 'queued',
                created_at: createdAt,
                updated_at: this.clock(),
                error: null,
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

  status(token: string): JobStatus | null {
    const row = this.store.get(token);
    if (!row) return null;
    const end = (TERMINAL_STATES as readonly string[]).includes(row.state) ? row.updated_at : this.clock();
    return { ...row, elapsed_ms: Math.max(0, end - row.created_at) };
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

  private set(token: string, state: JobState, error: string | null = null): void {
    this.store.update(token, state, this.clock(), error);
    const s = this.status(token);
    if (s) this.emitter.emit(token, s);
  }
}
