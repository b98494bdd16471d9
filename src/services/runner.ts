/**
 * Runs training / evaluation jobs in worker threads (one thread per job, so a crash or a runaway
 * fit cannot take the service down; the seed ran them in separate processes).
 */

import { AutolearnError } from '../core/errors.js';
import { startWorker } from '../core/worker.js';
import type {
  EvaluateJob,
  EvaluateResult,
  Job,
  PredictJob,
  PredictResult,
  TrainJob,
  TrainResult,
} from './jobs.js';

export interface JobRunner {
  train(job: TrainJob): Promise<TrainResult>;
  evaluate(job: EvaluateJob): Promise<EvaluateResult>;
  /** Runs a prediction off the caller's thread (absent: ExperimentService predicts in-process). */
  predict?(job: PredictJob): Promise<PredictResult>;
}

/** A job failed inside its worker; carries the original error's name and code. */
export class JobError extends AutolearnError {
  constructor(
    readonly errorName: string,
    readonly errorCode: string,
    message: string,
  ) {
    super('E_JOB', `${errorName}: ${message}`);
  }
}

const SOURCE = import.meta.url.endsWith('.ts');

/** URL of the module that registers the built-in models and datasets in a worker. */
export const BUILTINS_SETUP = new URL(`../catalog/builtins${SOURCE ? '.ts' : '.js'}`, import.meta.url).href;

export interface WorkerRunnerOptions {
  /** Module URL whose default export registers models/datasets (default: the built-ins). */
  readonly setup?: string | URL;
  /** Abort a job after this many ms (default: no limit). */
  readonly timeoutMs?: number;
}

/**
 * Runs training and evaluation jobs in worker threads (one per job), with the models and datasets
 * registered by the `workerSetup` module; a job's failure comes back as a `JobError`.
 */
export class WorkerJobRunner implements JobRunner {
  private readonly setup: string;
  constructor(private readonly options: WorkerRunnerOptions = {}) {
    this.setup = String(options.setup ?? BUILTINS_SETUP);
  }

  train(job: TrainJob): Promise<TrainResult> {
    return this.run(job) as Promise<TrainResult>;
  }

  evaluate(job: EvaluateJob): Promise<EvaluateResult> {
    return this.run(job) as Promise<EvaluateResult>;
  }

  private run(job: Job): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const worker = startWorker(import.meta.url, 'train-worker', { workerData: { setup: this.setup, job } });
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        f();
        void worker.terminate();
      };
      const timer = this.options.timeoutMs
        ? setTimeout(
            () =>
              done(() =>
                reject(
                  new JobError(
                    'TimeoutError',
                    'E_TIMEOUT',
                    `${job.kind} job exceeded ${this.options.timeoutMs} ms`,
                  ),
                ),
              ),
            this.options.timeoutMs,
          )
        : null;
      worker.once(
        'message',
        (m: { ok: boolean; result?: unknown; error?: { name: string; code: string; message: string } }) => {
          done(() =>
            m.ok ? resolve(m.result) : reject(new JobError(m.error!.name, m.error!.code, m.error!.message)),
          );
        },
      );
      worker.once('error', (e) => done(() => reject(new JobError(e.name, 'E_WORKER', e.message))));
      worker.once('exit', (code) =>
        done(() =>
          reject(new JobError('WorkerExit', 'E_WORKER', `worker exited with code ${code} before answering`)),
        ),
      );
    });
  }
}
