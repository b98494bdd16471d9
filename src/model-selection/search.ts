/**
 * GridSearchCV and RandomizedSearchCV: every candidate is cross-validated (the fits run in parallel
 * on worker threads with `nJobs`), the results are tabled like scikit-learn's `cv_results_`, and
 * the best candidate is refitted on all the data.
 */
import { performance } from 'node:perf_hooks';
import type { Label } from '../core/data.js';
import { NotFittedError, ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { DataLike } from '../preprocessing/data.js';
import { type CrossValidateOptions, checkErrorScore, checkXy } from './cross-validate.js';
import type { FitScoreResult } from './fit-score.js';
import { type ParamDistributions, type ParamGrid, parameterGrid, sampleParameters } from './params.js';
import { type FitJob, resolveNJobs, runFits } from './run-fits.js';
import { resolveScoring, type SearchEstimator } from './scoring.js';
import { cloneWith, validateParams } from './spec.js';
import { resolveFolds } from './split.js';

export interface SearchOptions extends CrossValidateOptions {
  /**
   * Refit the best candidate on all the data (default true). With several scorers, the name of the
   * one that picks the best candidate (or false).
   */
  readonly refit?: boolean | string;
}

/**
 * scikit-learn's `cv_results_`: one entry per candidate in each array. Keys: `params`,
 * `param_<name>` (null where a candidate lacks the param), `mean_fit_time`, `std_fit_time`,
 * `mean_score_time`, `std_score_time`, `split<i>_test_score`, `mean_test_score`,
 * `std_test_score`, `rank_test_score` (with `_<scorer>` instead of `_score` for several scorers),
 * and the `train` versions with `returnTrainScore`.
 */
export type CvResults = Record<string, unknown[]> & {
  params: Record<string, unknown>[];
  mean_fit_time: number[];
  std_fit_time: number[];
  mean_score_time: number[];
  std_score_time: number[];
};

function mean(a: readonly number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

function std(a: readonly number[]): number {
  const m = mean(a);
  let s = 0;
  for (const v of a) s += (v - m) * (v - m);
  return Math.sqrt(s / a.length);
}

/** scipy's rankdata(-scores, 'min'); NaN ranks last (scikit-learn 1.2). */
export function rankMin(scores: readonly number[]): number[] {
  const finite = scores.filter((v) => !Number.isNaN(v));
  if (finite.length === 0) return scores.map(() => 1);
  const low = Math.min(...finite) - 1;
  const s = scores.map((v) => (Number.isNaN(v) ? low : v));
  return s.map((v) => 1 + s.filter((w) => w > v).length);
}

abstract class BaseSearchCV<E extends SearchEstimator = SearchEstimator> {
  readonly estimator: E;
  readonly options: SearchOptions;
  /** scikit-learn's cv_results_ (null before fit). */
  cvResults: CvResults | null = null;
  /** Index of the best candidate in cvResults (null before fit, or with several scorers and refit false). */
  bestIndex: number | null = null;
  /** Mean cross-validated score of the best candidate. */
  bestScore: number | null = null;
  /** Parameters of the best candidate. */
  bestParams: Record<string, unknown> | null = null;
  /** The best candidate refitted on all the data (null with refit false). */
  bestEstimator: E | null = null;
  /** Seconds the refit took. */
  refitTime: number | null = null;
  /** Number of folds used. */
  nSplits = 0;

  constructor(estimator: E, options: SearchOptions = {}) {
    if (typeof estimator?.fit !== 'function' || typeof estimator?.getParams !== 'function')
      throw new ParamError(
        'estimator',
        estimator,
        'an estimator with fit() and getParams()',
        this.constructor.name,
      );
    this.estimator = estimator;
    this.options = { ...options };
    checkErrorScore(options.errorScore, this.constructor.name);
    resolveNJobs(options.nJobs, this.constructor.name);
    resolveScoring(options.scoring);
  }

  /** The candidates to evaluate, in cvResults order. */
  protected abstract candidates(): Record<string, unknown>[];

  /** Cross-validates every candidate on (X, y), then refits the best. Returns this. */
  async fit(X: DataLike, y: readonly Label[] | ArrayLike<number>): Promise<this> {
    const who = this.constructor.name;
    const { n, labels } = checkXy(X, y, who);
    const o = this.options;
    const sc = resolveScoring(o.scoring);
    const refit = o.refit ?? true;
    if (
      !sc.single &&
      refit !== false &&
      (typeof refit !== 'string' || !sc.scorers.some(([k]) => k === refit))
    ) {
      throw new ParamError(
        'refit',
        refit,
        `false or the name of a scorer (${sc.scorers.map(([k]) => k).join(', ')})`,
        who,
      );
    }
    const folds = resolveFolds(o.cv, n, labels);
    const cands = this.candidates();
    for (const p of cands) validateParams(cloneWith(this.estimator, p)); // bad or unknown params fail here, before any fit
    const jobs: FitJob[] = [];
    for (const params of cands) for (let fold = 0; fold < folds.length; fold++) jobs.push({ params, fold });
    const res = await runFits(this.estimator, X, labels, folds, jobs, {
      scorers: sc.scorers.map(([, f]) => f),
      scorerNames: sc.names,
      returnTrain: o.returnTrainScore ?? false,
      errorScore: checkErrorScore(o.errorScore, who),
      nJobs: resolveNJobs(o.nJobs, who),
    });
    this.nSplits = folds.length;
    this.cvResults = this.table(
      cands,
      res,
      folds.length,
      sc.scorers.map(([k]) => (sc.single ? 'score' : k)),
    );
    const key = sc.single ? 'score' : typeof refit === 'string' ? refit : null;
    this.bestEstimator = null;
    this.bestIndex = null;
    this.bestScore = null;
    this.bestParams = null;
    if (key !== null) {
      const ranks = this.cvResults[`rank_test_${key}`] as number[];
      const best = ranks.indexOf(Math.min(...ranks));
      this.bestIndex = best;
      this.bestScore = (this.cvResults[`mean_test_${key}`] as number[])[best] as number;
      this.bestParams = { ...(cands[best] as Record<string, unknown>) };
      if (refit !== false) {
        const est = cloneWith(this.estimator, this.bestParams);
        const t0 = performance.now();
        await est.fit(X as never, labels);
        this.refitTime = (performance.now() - t0) / 1000;
        this.bestEstimator = est;
      }
    }
    return this;
  }

  private table(
    cands: Record<string, unknown>[],
    res: FitScoreResult[],
    k: number,
    names: string[],
  ): CvResults {
    const byCand = cands.map((_, c) => res.slice(c * k, c * k + k));
    const out: Record<string, unknown[]> = {
      mean_fit_time: byCand.map((r) => mean(r.map((x) => x.fitTime))),
      std_fit_time: byCand.map((r) => std(r.map((x) => x.fitTime))),
      mean_score_time: byCand.map((r) => mean(r.map((x) => x.scoreTime))),
      std_score_time: byCand.map((r) => std(r.map((x) => x.scoreTime))),
    };
    const keys = [...new Set(cands.flatMap((p) => Object.keys(p)))].sort();
    for (const key of keys) out[`param_${key}`] = cands.map((p) => (key in p ? p[key] : null));
    out.params = cands.map((p) => ({ ...p }));
    names.forEach((name, m) => {
      for (const part of ['test', 'train'] as const) {
        if (part === 'train' && !(this.options.returnTrainScore ?? false)) continue;
        const scores = byCand.map((r) =>
          r.map((x) => (part === 'test' ? x.test : (x.train as number[]))[m] as number),
        );
        for (let i = 0; i < k; i++) out[`split${i}_${part}_${name}`] = scores.map((s) => s[i]);
        const means = scores.map(mean);
        out[`mean_${part}_${name}`] = means;
        out[`std_${part}_${name}`] = scores.map(std);
        if (part === 'test') out[`rank_test_${name}`] = rankMin(means);
      }
    });
    return out as CvResults;
  }

  private best(): E {
    if (!this.bestEstimator)
      throw new NotFittedError(
        `${this.constructor.name} (no refitted bestEstimator: fit with refit enabled)`,
      );
    return this.bestEstimator;
  }

  /** bestEstimator's predictions. */
  predict(X: DataLike): Promise<Label[]> {
    return this.best().predict(X as never);
  }

  /** bestEstimator's class probabilities. */
  predictProba(X: DataLike): Promise<Matrix> {
    const b = this.best();
    if (!b.predictProba)
      throw new ParamError('estimator', b.name, 'an estimator with predictProba()', this.constructor.name);
    return b.predictProba(X as never);
  }

  /** bestEstimator's decision function. */
  decisionFunction(X: DataLike): Promise<Matrix | Float64Array> {
    const b = this.best();
    if (!b.decisionFunction)
      throw new ParamError(
        'estimator',
        b.name,
        'an estimator with decisionFunction()',
        this.constructor.name,
      );
    return b.decisionFunction(X as never);
  }

  /** The search's scorer (or bestEstimator's own score) on (X, y). */
  async score(X: DataLike, y: readonly Label[]): Promise<number> {
    const sc = resolveScoring(this.options.scoring);
    const refit = this.options.refit;
    const scorer = sc.single ? sc.scorers[0]![1] : sc.scorers.find(([k]) => k === refit)![1];
    return scorer(this.best(), X, y);
  }
}

/**
 * Exhaustive search over a parameter grid (scikit-learn's GridSearchCV): every combination, in
 * ParameterGrid order (keys sorted, last key fastest), is cross-validated; `cvResults`,
 * `bestParams`, `bestScore` and `bestIndex` follow scikit-learn (the best is the first candidate of
 * rank 1), and `bestEstimator` is refitted on all the data. Pipelines are searched through
 * `<step>__<param>` keys. With `nJobs` the fits run in parallel on worker threads.
 *
 * @example
 * ```ts
 * import { GridSearchCV, SVC } from 'autolearn';
 *
 * const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]];
 * const y = [0, 0, 0, 1, 1, 1];
 * const search = await new GridSearchCV(new SVC(), { C: [0.1, 1, 10], gamma: [0.01, 0.1, 1] }, {
 *   cv: 3,
 *   nJobs: -1,
 * }).fit(X, y);
 * search.bestParams; // e.g. { C: 10, gamma: 0.1 }
 * search.cvResults!.mean_test_score;
 * ```
 */
export class GridSearchCV<E extends SearchEstimator = SearchEstimator> extends BaseSearchCV<E> {
  readonly paramGrid: ParamGrid | readonly ParamGrid[];

  constructor(estimator: E, paramGrid: ParamGrid | readonly ParamGrid[], options: SearchOptions = {}) {
    super(estimator, options);
    parameterGrid(paramGrid);
    this.paramGrid = paramGrid;
  }

  protected candidates(): Record<string, unknown>[] {
    return parameterGrid(this.paramGrid);
  }
}

export interface RandomizedSearchOptions extends SearchOptions {
  /** Number of candidates drawn (default 10). */
  readonly nIter?: number;
  /** Seed of the draws (autolearn's generator, default 0). */
  readonly seed?: number;
}

/**
 * Randomized search (scikit-learn's RandomizedSearchCV): `nIter` candidates drawn from lists and
 * the `uniform`, `logUniform`, `randInt` distributions with a seeded generator (the same seed gives
 * the same candidates; they are not numpy's draws), each cross-validated like GridSearchCV.
 *
 * @example
 * ```ts
 * import { logUniform, RandomizedSearchCV, SVC } from 'autolearn';
 *
 * const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]];
 * const y = [0, 0, 0, 1, 1, 1];
 * const search = await new RandomizedSearchCV(
 *   new SVC(),
 *   { C: logUniform(1e-2, 1e3), gamma: logUniform(1e-4, 1e1) },
 *   { nIter: 20, seed: 7, cv: 3, scoring: 'balanced_accuracy' },
 * ).fit(X, y);
 * ```
 */
export class RandomizedSearchCV<E extends SearchEstimator = SearchEstimator> extends BaseSearchCV<E> {
  readonly paramDistributions: ParamDistributions | readonly ParamDistributions[];
  readonly nIter: number;
  readonly seed: number;

  constructor(
    estimator: E,
    paramDistributions: ParamDistributions | readonly ParamDistributions[],
    options: RandomizedSearchOptions = {},
  ) {
    super(estimator, options);
    this.nIter = options.nIter ?? 10;
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed) || this.seed < 0)
      throw new ParamError('seed', this.seed, 'an integer >= 0', 'RandomizedSearchCV');
    sampleParameters(paramDistributions, this.nIter, this.seed);
    this.paramDistributions = paramDistributions;
  }

  protected candidates(): Record<string, unknown>[] {
    return sampleParameters(this.paramDistributions, this.nIter, this.seed);
  }
}
