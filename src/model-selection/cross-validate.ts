/** crossValidate / crossValScore: scikit-learn's cross_validate and cross_val_score for classifiers. */
import type { Label } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import { type DataLike, shapeOf } from '../preprocessing/data.js';
import { type FitJob, resolveNJobs, runFits } from './run-fits.js';
import { resolveScoring, type Scoring, type SearchEstimator } from './scoring.js';
import { cloneWith, validateParams } from './spec.js';
import { type CvSpec, type Fold, resolveFolds } from './split.js';

export interface CrossValidateOptions {
  /** Folds: a count (StratifiedKFold without shuffle, default 5), a KFold / StratifiedKFold, or explicit folds. */
  readonly cv?: CvSpec;
  /** A scorer name, a function, or several (list / { name: scorer }) — default: the estimator's score (accuracy). */
  readonly scoring?: Scoring;
  /** Also score the training rows of each fold (default false). */
  readonly returnTrainScore?: boolean;
  /** Parallel fits on worker threads: 1 (default: this thread), -1 (all cores) or a count (capped at the cores). */
  readonly nJobs?: number;
  /** 'raise' (default: throw CandidateFitError) or the score recorded for a failed fit, e.g. NaN. */
  readonly errorScore?: 'raise' | number;
}

/** Keyed like scikit-learn's cross_validate: fit_time, score_time, test_score (or test_<name>), train_*. */
export type CrossValidateResult = Record<string, number[]> & { fit_time: number[]; score_time: number[] };

/** y as labels; X and y of equal length. */
export function checkXy(
  X: DataLike,
  y: readonly Label[] | ArrayLike<number>,
  who: string,
): { n: number; labels: Label[] } {
  const { rows } = shapeOf(X, who);
  const labels = Array.from(y as ArrayLike<Label>);
  if (labels.length !== rows)
    throw new DataError(`${who}: X has ${rows} rows but y has ${labels.length} labels`);
  if (rows === 0) throw new DataError(`${who}: X is empty`);
  return { n: rows, labels };
}

export function checkErrorScore(v: unknown, who: string): 'raise' | number {
  if (v === undefined) return 'raise';
  if (v === 'raise' || typeof v === 'number') return v;
  throw new ParamError('errorScore', v, "'raise' or a number (e.g. NaN)", who);
}

/**
 * Fits a clone of `estimator` on each training fold and scores it on the matching test fold (and
 * on the training fold with `returnTrainScore`), like scikit-learn's `cross_validate`. With an
 * integer `cv` the folds are StratifiedKFold's without shuffle, so they equal scikit-learn's.
 *
 * @example
 * ```ts
 * import { crossValidate, makePipeline, StandardScaler, SVC } from 'autolearn';
 *
 * const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]];
 * const y = [0, 0, 0, 1, 1, 1];
 * const r = await crossValidate(makePipeline(new StandardScaler(), new SVC()), X, y, {
 *   cv: 3,
 *   scoring: ['accuracy', 'f1_macro'],
 *   nJobs: -1,
 * });
 * r.test_accuracy; // three numbers
 * ```
 */
export async function crossValidate(
  estimator: SearchEstimator,
  X: DataLike,
  y: readonly Label[] | ArrayLike<number>,
  options: CrossValidateOptions = {},
): Promise<CrossValidateResult> {
  const who = 'crossValidate';
  const { n, labels } = checkXy(X, y, who);
  const folds: Fold[] = resolveFolds(options.cv, n, labels);
  const sc = resolveScoring(options.scoring);
  validateParams(cloneWith(estimator, {}));
  const jobs: FitJob[] = folds.map((_, fold) => ({ params: {}, fold }));
  const results = await runFits(estimator, X, labels, folds, jobs, {
    scorers: sc.scorers.map(([, f]) => f),
    scorerNames: sc.names,
    returnTrain: options.returnTrainScore ?? false,
    errorScore: checkErrorScore(options.errorScore, who),
    nJobs: resolveNJobs(options.nJobs, who),
  });
  const out: Record<string, number[]> = {
    fit_time: results.map((r) => r.fitTime),
    score_time: results.map((r) => r.scoreTime),
  };
  sc.scorers.forEach(([name], k) => {
    const key = sc.single ? 'score' : name;
    out[`test_${key}`] = results.map((r) => r.test[k] as number);
    if (options.returnTrainScore)
      out[`train_${key}`] = results.map((r) => (r.train as number[])[k] as number);
  });
  return out as CrossValidateResult;
}

/**
 * The test score of each fold (scikit-learn's `cross_val_score`), for one scorer.
 *
 * @example
 * ```ts
 * import { crossValScore, SVC } from 'autolearn';
 *
 * const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]];
 * const y = [0, 0, 0, 1, 1, 1];
 * const scores = await crossValScore(new SVC(), X, y, { cv: 3, scoring: 'balanced_accuracy' });
 * ```
 */
export async function crossValScore(
  estimator: SearchEstimator,
  X: DataLike,
  y: readonly Label[] | ArrayLike<number>,
  options: Omit<CrossValidateOptions, 'returnTrainScore' | 'scoring'> & {
    scoring?: Exclude<Scoring, readonly unknown[] | Readonly<Record<string, unknown>>>;
  } = {},
): Promise<number[]> {
  const sc = options.scoring;
  if (Array.isArray(sc) || (typeof sc === 'object' && sc !== null)) {
    throw new ParamError('scoring', sc, 'one scorer (use crossValidate for several)', 'crossValScore');
  }
  const r = await crossValidate(estimator, X, y, { ...options, returnTrainScore: false });
  return r.test_score as number[];
}
