/**
 * Typed failures of the server's worker pool (all JobErrors, so they reach the job's status and the
 * HTTP error mapping like a failure inside the job): a job killed at its wall-time limit, a worker
 * that ran out of its memory limit, a job that could not be handed to a worker.
 */
import { JobError } from '../services/runner.js';

/** The job ran longer than the pool's `jobTimeoutMs`: its worker was terminated (and replaced). */
export class JobTimeoutError extends JobError {
  constructor(
    readonly kind: string,
    readonly limitMs: number,
  ) {
    super(
      'JobTimeoutError',
      'E_JOB_TIMEOUT',
      `${kind} job stopped at its wall-time limit of ${limitMs} ms (the server option jobTimeoutMs); ask for a cheaper fit (fewer iterations, a larger tol) or raise the limit`,
    );
  }
}

/** The job's worker exceeded the pool's `jobMemoryMb` heap limit: it was stopped (and replaced). */
export class JobMemoryError extends JobError {
  constructor(
    readonly kind: string,
    readonly limitMb: number,
  ) {
    super(
      'JobMemoryError',
      'E_JOB_MEMORY',
      `${kind} job stopped: its worker ran out of its memory limit of ${limitMb} MiB (the server option jobMemoryMb); use a smaller dataset or model, or raise the limit`,
    );
  }
}

/** The job could not be posted to a worker thread (e.g. a value too deep to serialize). */
export class JobDispatchError extends JobError {
  constructor(
    readonly kind: string,
    reason: string,
  ) {
    super('JobDispatchError', 'E_JOB_DISPATCH', `${kind} job could not be sent to a worker: ${reason}`);
  }
}

/** A worker thread died while running the job (crash, exit); the slot is freed and refilled. */
export class WorkerLostError extends JobError {
  constructor(
    readonly kind: string,
    reason: string,
  ) {
    super('WorkerExit', 'E_WORKER', `${kind} job lost its worker: ${reason}`);
  }
}

/** The client already has `limit` jobs waiting for a worker: this one is refused. */
export class QueueFullError extends JobError {
  constructor(
    readonly kind: string,
    readonly limit: number,
  ) {
    super(
      'QueueFullError',
      'E_QUEUE_FULL',
      `${kind} job refused: this client already has ${limit} jobs queued (the server option maxQueuedPerClient); wait for some to finish`,
    );
  }
}
