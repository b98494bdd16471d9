/**
 * Runs the candidate x fold fits of a search or cross-validation: in this thread (nJobs 1), or as
 * tasks on the library's worker pool (nJobs > 1, at most the number of cores). X's numbers and the
 * folds travel in SharedArrayBuffers; each pool thread rebuilds the estimator and X once per run
 * (cv-tasks.ts) and fits are handed to whichever thread is free; results are stored by job index,
 * so the outcome does not depend on scheduling or on nJobs.
 */
import { availableParallelism } from 'node:os';
import type { Label } from '../core/data.js';
import { AutolearnError, ParamError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { inSharedMemory, runTask, taskOf } from '../core/pool.js';
import type { DataLike } from '../preprocessing/data.js';
import { CandidateFitError, type FitScoreResult, fitAndScore } from './fit-score.js';
import { getScorer, type ScorerFn, type SearchEstimator } from './scoring.js';
import { cloneWith, type EstimatorSpec, fromSpec, specOf } from './spec.js';
import type { Fold } from './split.js';

/** One fit: candidate parameters on one fold. */
export interface FitJob {
  readonly params: Record<string, unknown>;
  readonly fold: number;
}

export interface RunFitsOptions {
  readonly scorers: readonly ScorerFn[];
  /** Scorer names (null for a function scorer: such runs stay in this thread). */
  readonly scorerNames: readonly (string | null)[];
  readonly returnTrain: boolean;
  /** 'raise' (default) or the score recorded for a failed fit (e.g. NaN). */
  readonly errorScore: 'raise' | number;
  /** Parallel fits: 1 (this thread), -1 (all cores) or a count (capped at the cores). */
  readonly nJobs: number;
}

/** nJobs as a worker count: 1 = this thread, -1 = all cores, n > 1 capped at the cores. */
export function resolveNJobs(nJobs: number | undefined, owner: string): number {
  const n = nJobs ?? 1;
  const cores = Math.max(1, availableParallelism());
  if (n === -1) return cores;
  if (!Number.isInteger(n) || n < 1)
    throw new ParamError('nJobs', n, '-1 (all cores) or an integer >= 1', owner);
  return Math.min(n, cores);
}

/** Fits one job in this thread, applying errorScore to a failure. */
export async function runOne(
  base: object,
  X: DataLike,
  y: readonly Label[],
  folds: readonly Fold[],
  job: FitJob,
  o: Pick<RunFitsOptions, 'scorers' | 'returnTrain' | 'errorScore'>,
): Promise<FitScoreResult> {
  try {
    const est = cloneWith(base, job.params) as SearchEstimator;
    return await fitAndScore(est, X, y, folds[job.fold] as Fold, o.scorers, o.returnTrain);
  } catch (e) {
    const err = e as AutolearnError;
    if (o.errorScore === 'raise') {
      throw new CandidateFitError(
        job.params,
        job.fold,
        err?.name ?? 'Error',
        err?.code ?? 'E_INTERNAL',
        String(err?.message ?? e),
      );
    }
    const fill = o.scorers.map(() => o.errorScore as number);
    return { test: fill, train: o.returnTrain ? [...fill] : null, fitTime: 0, scoreTime: 0 };
  }
}

/** What each worker receives at start. */
export interface CvWorkerData {
  readonly spec: EstimatorSpec;
  readonly X:
    | { kind: 'matrix'; rows: number; cols: number; buffer: SharedArrayBuffer }
    | { kind: 'table'; rows: DataLike };
  readonly y: readonly Label[];
  readonly folds: readonly { train: Int32Array; test: Int32Array }[];
  readonly scorerNames: readonly string[];
  readonly returnTrain: boolean;
  readonly errorScore: 'raise' | number;
}

/** What a cv task answers: its result, or its candidate's failure (raised in the calling thread). */
export type CvReply =
  | { ok: true; result: FitScoreResult }
  | {
      ok: false;
      error: { name: string; code: string; message: string; fold: number; params: Record<string, unknown> };
    };

let nextDataId = 0;

/** Runs every job; results in job order. */
export async function runFits(
  base: object,
  X: DataLike,
  y: readonly Label[],
  folds: readonly Fold[],
  jobs: readonly FitJob[],
  o: RunFitsOptions,
): Promise<FitScoreResult[]> {
  const spec = o.nJobs > 1 && jobs.length > 1 && o.scorerNames.every((n) => n !== null) ? specOf(base) : null;
  if (spec === null) {
    const out: FitScoreResult[] = [];
    for (const job of jobs) out.push(await runOne(base, X, y, folds, job, o));
    return out;
  }
  let xData: CvWorkerData['X'];
  if (isMatrix(X)) {
    const buffer = new SharedArrayBuffer(X.data.byteLength);
    new Float64Array(buffer).set(X.data);
    xData = { kind: 'matrix', rows: X.rows, cols: X.cols, buffer };
  } else {
    xData = { kind: 'table', rows: X };
  }
  const dataId = `${process.pid}:${nextDataId++}`;
  const data: CvWorkerData = {
    spec,
    X: xData,
    y: [...y],
    folds: folds.map((f) => ({ train: inSharedMemory(f.train), test: inSharedMemory(f.test) })),
    scorerNames: o.scorerNames as string[],
    returnTrain: o.returnTrain,
    errorScore: o.errorScore,
  };
  const count = Math.min(o.nJobs, jobs.length);
  const out = new Array<FitScoreResult>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      while (next < jobs.length) {
        const id = next++;
        const r = await runTask<CvReply>(
          taskOf(import.meta.url, 'cv-tasks', 'fitJob', { dataId, data, job: jobs[id] }),
        ).catch((e: Error) => {
          throw new AutolearnError('E_WORKER', `model-selection worker crashed: ${e.message}`, { cause: e });
        });
        if (!r.ok) {
          const e = r.error;
          throw new CandidateFitError(e.params, e.fold, e.name, e.code, e.message);
        }
        out[id] = r.result;
      }
    }),
  );
  return out;
}

/** Worker side: rebuilds X and the estimator, then answers jobs. */
export function workerContext(data: CvWorkerData): { base: object; X: DataLike; scorers: ScorerFn[] } {
  const X: DataLike =
    data.X.kind === 'matrix'
      ? ({ rows: data.X.rows, cols: data.X.cols, data: new Float64Array(data.X.buffer) } satisfies Matrix)
      : data.X.rows;
  return { base: fromSpec(data.spec), X, scorers: data.scorerNames.map(getScorer) };
}
