/**
 * Scorers by name, scikit-learn's (greater is better): 'accuracy', 'balanced_accuracy', 'f1',
 * 'f1_macro' / '_micro' / '_weighted', the same for precision and recall, 'roc_auc' (binary, from
 * decisionFunction when the model has one, else the positive-class probability), 'roc_auc_ovr',
 * 'roc_auc_ovo' (and their '_weighted'), 'average_precision' and 'neg_log_loss'.
 */
import type { Label } from '../core/data.js';
import { ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { averagePrecisionScore, balancedAccuracyScore, logLoss, rocAucScore } from '../metrics/ranking.js';
import { accuracyScore, f1Score, precisionScore, recallScore } from '../metrics/scores.js';
import type { DataLike } from '../preprocessing/data.js';

/** What model selection needs from an estimator (every autolearn classifier and Pipeline has it). */
export interface SearchEstimator {
  readonly name: string;
  readonly classes?: readonly Label[] | null;
  fit(X: never, y: readonly Label[], ...rest: never[]): unknown;
  predict(X: never): Promise<Label[]>;
  predictProba?(X: never): Promise<Matrix>;
  decisionFunction?(X: never): Promise<Matrix | Float64Array>;
  score?(X: never, y: readonly Label[]): Promise<number> | number;
  getParams(): object;
}

/** A scorer: higher is better. */
export type ScorerFn = (
  estimator: SearchEstimator,
  X: DataLike,
  y: readonly Label[],
) => Promise<number> | number;

/** The scorer names understood by crossValidate and the searches. */
export const SCORER_NAMES = [
  'accuracy',
  'balanced_accuracy',
  'f1',
  'f1_macro',
  'f1_micro',
  'f1_weighted',
  'precision',
  'precision_macro',
  'precision_micro',
  'precision_weighted',
  'recall',
  'recall_macro',
  'recall_micro',
  'recall_weighted',
  'roc_auc',
  'roc_auc_ovr',
  'roc_auc_ovo',
  'roc_auc_ovr_weighted',
  'roc_auc_ovo_weighted',
  'average_precision',
  'neg_log_loss',
] as const;

export type ScorerName = (typeof SCORER_NAMES)[number];

const call = <T>(
  est: SearchEstimator,
  method: 'predict' | 'predictProba' | 'decisionFunction',
  X: DataLike,
): Promise<T> => {
  const fn = (est as unknown as Record<string, unknown>)[method];
  if (typeof fn !== 'function')
    throw new ParamError('scoring', method, `an estimator with ${method}()`, est.name);
  return (fn as (X: DataLike) => Promise<T>).call(est, X);
};

/** Binary threshold scores: decisionFunction (n values or n x 1), else the probability of classes[1]. */
async function thresholdScores(est: SearchEstimator, X: DataLike): Promise<Float64Array> {
  if (typeof est.decisionFunction === 'function') {
    const d = await call<Matrix | Float64Array>(est, 'decisionFunction', X);
    if (d instanceof Float64Array) return d;
    if (d.cols !== 1)
      throw new ParamError(
        'scoring',
        'roc_auc',
        "a binary target (use 'roc_auc_ovr' or 'roc_auc_ovo' for multiclass)",
        est.name,
      );
    return d.data;
  }
  const p = await call<Matrix>(est, 'predictProba', X);
  if (p.cols !== 2)
    throw new ParamError(
      'scoring',
      'roc_auc',
      "a binary target (use 'roc_auc_ovr' or 'roc_auc_ovo' for multiclass)",
      est.name,
    );
  return Float64Array.from({ length: p.rows }, (_, i) => p.data[i * 2 + 1] as number);
}

function averaged(fn: typeof f1Score, average: 'macro' | 'micro' | 'weighted' | 'binary'): ScorerFn {
  return async (est, X, y) => {
    const pred = await call<Label[]>(est, 'predict', X);
    if (average !== 'binary') return fn(y, pred, { average });
    // scikit-learn's binary scorers use pos_label=1; autolearn falls back to the greater label when 1 is absent
    const labels = [...new Set<Label>([...y, ...pred])].sort();
    return fn(y, pred, { average: 'binary', posLabel: labels.includes(1) ? 1 : labels[labels.length - 1] });
  };
}

/**
 * The scorer of a name (scikit-learn's `get_scorer`); a ParamError lists the names for an unknown
 * one. Scorers are async: `(estimator, X, y) => Promise<number>`, higher is better.
 *
 * @example
 * ```ts
 * import { getScorer, LogisticRegression } from 'autolearn';
 *
 * const X = [[0, 0], [0, 1], [2, 2], [2, 3], [4, 4], [4, 5]];
 * const y = ['a', 'a', 'b', 'b', 'c', 'c'];
 * const fittedModel = await new LogisticRegression().fit(X, y);
 * const auc = await getScorer('roc_auc_ovr')(fittedModel, X, y);
 * ```
 */
export function getScorer(name: string): ScorerFn {
  const m = /^(f1|precision|recall)(?:_(macro|micro|weighted))?$/.exec(name);
  if (m) {
    const fn = m[1] === 'f1' ? f1Score : m[1] === 'precision' ? precisionScore : recallScore;
    return averaged(fn as typeof f1Score, (m[2] as 'macro' | undefined) ?? 'binary');
  }
  switch (name) {
    case DEFAULT_SCORING:
      return defaultScorer;
    case 'accuracy':
      return async (est, X, y) => accuracyScore(y, await call<Label[]>(est, 'predict', X));
    case 'balanced_accuracy':
      return async (est, X, y) => balancedAccuracyScore(y, await call<Label[]>(est, 'predict', X));
    case 'roc_auc':
      return async (est, X, y) =>
        rocAucScore(y, await thresholdScores(est, X), { labels: est.classes ?? undefined });
    case 'average_precision':
      return async (est, X, y) => {
        const classes = est.classes ?? [...new Set(y)].sort();
        return averagePrecisionScore(y, await thresholdScores(est, X), { posLabel: classes[1] });
      };
    case 'roc_auc_ovr':
    case 'roc_auc_ovo':
    case 'roc_auc_ovr_weighted':
    case 'roc_auc_ovo_weighted':
      return async (est, X, y) =>
        rocAucScore(y, await call<Matrix>(est, 'predictProba', X), {
          multiClass: name.includes('ovo') ? 'ovo' : 'ovr',
          average: name.endsWith('weighted') ? 'weighted' : 'macro',
          labels: est.classes ?? undefined,
        });
    case 'neg_log_loss':
      return async (est, X, y) =>
        -logLoss(y, await call<Matrix>(est, 'predictProba', X), { labels: est.classes ?? undefined });
    default:
      throw new ParamError(
        'scoring',
        name,
        `one of ${SCORER_NAMES.join(', ')}, or a function (estimator, X, y) => number`,
        'scoring',
      );
  }
}

/** The internal name of the default scorer (the estimator's own score), so worker threads can rebuild it. */
const DEFAULT_SCORING = 'estimator.score';

/** The estimator's own score (accuracy for classifiers) when no scoring is given. */
export const defaultScorer: ScorerFn = async (est, X, y) => {
  if (typeof est.score === 'function') return est.score(X as never, y);
  return accuracyScore(y, await call<Label[]>(est, 'predict', X));
};

/** Scoring as given to crossValidate / the searches. */
export type Scoring =
  | ScorerName
  | ScorerFn
  | readonly ScorerName[]
  | Readonly<Record<string, ScorerName | ScorerFn>>
  | null;

/** Named scorers of a Scoring; `single` when the result keys use 'score' (one unnamed metric). */
export function resolveScoring(scoring: Scoring | undefined): {
  scorers: [string, ScorerFn][];
  single: boolean;
  names: (string | null)[];
} {
  if (scoring === undefined || scoring === null)
    return { scorers: [['score', defaultScorer]], single: true, names: [DEFAULT_SCORING] };
  if (typeof scoring === 'string')
    return { scorers: [['score', getScorer(scoring)]], single: true, names: [scoring] };
  if (typeof scoring === 'function') return { scorers: [['score', scoring]], single: true, names: [null] };
  const entries: [string, ScorerName | ScorerFn][] = Array.isArray(scoring)
    ? (scoring as ScorerName[]).map((n) => [n, n])
    : Object.entries(scoring as Record<string, ScorerName | ScorerFn>);
  if (entries.length === 0)
    throw new ParamError('scoring', scoring, 'a non-empty list of scorer names', 'scoring');
  return {
    scorers: entries.map(([k, v]) => [k, typeof v === 'function' ? v : getScorer(v)]),
    single: false,
    names: entries.map(([, v]) => (typeof v === 'string' ? v : null)),
  };
}
