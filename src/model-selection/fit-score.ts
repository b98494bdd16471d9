/** One candidate on one fold: fit on the training rows, score on the test (and training) rows. */
import { performance } from 'node:perf_hooks';
import type { Label } from '../core/data.js';
import { AutolearnError } from '../core/errors.js';
import { isMatrix, takeRows } from '../core/matrix.js';
import type { Cell, DataLike, Table } from '../preprocessing/data.js';
import type { ScorerFn, SearchEstimator } from './scoring.js';
import type { Fold } from './split.js';

/** The scores and timings of one fit (seconds, like scikit-learn). */
export interface FitScoreResult {
  readonly test: number[];
  readonly train: number[] | null;
  readonly fitTime: number;
  readonly scoreTime: number;
}

/**
 * A candidate's fit (or scoring) failed during cross-validation or a search; `errorScore: 'raise'`
 * (the default) throws this, with the candidate's params, the fold and the cause's name, code and
 * message (also when the fit ran on a worker thread).
 *
 * @example
 * ```ts
 * import { CandidateFitError, GridSearchCV, makePipeline, StandardScaler, SVC } from 'autolearn';
 *
 * const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]];
 * const y = [0, 0, 0, 1, 1, 1];
 * const pipe = makePipeline(new StandardScaler(), new SVC());
 * try {
 *   await new GridSearchCV(pipe, { svc__C: [1, 10] }, { cv: 3, errorScore: 'raise' }).fit(X, y);
 * } catch (e) {
 *   if (e instanceof CandidateFitError) console.error(e.params, e.fold, e.causeMessage);
 * }
 * ```
 */
export class CandidateFitError extends AutolearnError {
  constructor(
    readonly params: Record<string, unknown>,
    readonly fold: number,
    readonly causeName: string,
    readonly causeCode: string,
    readonly causeMessage: string,
  ) {
    super(
      'E_CANDIDATE_FIT',
      `fit failed for params ${JSON.stringify(params)} on fold ${fold}: ${causeName}: ${causeMessage} (pass errorScore: NaN to score failed fits as NaN instead)`,
    );
  }
}

/** Rows of X by index (a Matrix stays a Matrix). */
export function takeData(X: DataLike, idx: ArrayLike<number>): DataLike {
  if (isMatrix(X)) return takeRows(X, idx);
  const t = X as Table;
  return Array.from(idx, (i) => t[i] as readonly Cell[]);
}

export function takeLabels(y: readonly Label[], idx: ArrayLike<number>): Label[] {
  return Array.from(idx, (i) => y[i] as Label);
}

export async function fitAndScore(
  est: SearchEstimator,
  X: DataLike,
  y: readonly Label[],
  fold: Fold,
  scorers: readonly ScorerFn[],
  returnTrain: boolean,
): Promise<FitScoreResult> {
  const Xtr = takeData(X, fold.train);
  const ytr = takeLabels(y, fold.train);
  const t0 = performance.now();
  await est.fit(Xtr as never, ytr);
  const t1 = performance.now();
  const Xte = takeData(X, fold.test);
  const yte = takeLabels(y, fold.test);
  const test: number[] = [];
  for (const s of scorers) test.push(await s(est, Xte, yte));
  const t2 = performance.now();
  let train: number[] | null = null;
  if (returnTrain) {
    train = [];
    for (const s of scorers) train.push(await s(est, Xtr, ytr));
  }
  return { test, train, fitTime: (t1 - t0) / 1000, scoreTime: (t2 - t1) / 1000 };
}
