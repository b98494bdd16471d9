/**
 * Accuracy, precision, recall and F1 with scikit-learn's semantics (1.2.1), `zero_division=0`:
 * a ratio whose denominator is 0 (a class never predicted, or never present) counts as 0, and the
 * weighted average of labels that have no support at all is 0.
 */
import type { Label } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import type { LabelsOption } from './confusion.js';
import { checkPair, indexOf, resolveLabels } from './labels.js';

/** 'binary' reports `posLabel` only; null returns one value per label. */
export type Average = 'macro' | 'micro' | 'weighted' | 'binary' | null;

export interface ScoreOptions extends LabelsOption {
  /** Default 'macro'. */
  readonly average?: Average;
  /** Positive class for average 'binary' (default 1). */
  readonly posLabel?: Label;
}

/** Per-label counts over all samples (scikit-learn's multilabel_confusion_matrix sums). */
export interface LabelCounts {
  readonly labels: Label[];
  readonly tp: Float64Array;
  /** Number of predictions of each label. */
  readonly predicted: Float64Array;
  /** Number of true occurrences of each label (the support). */
  readonly actual: Float64Array;
}

/**
 * True positives, false positives, false negatives and support per label (sorted labels, or the given
 * ones): the counts every precision / recall / F1 score is computed from.
 */
export function labelCounts(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  labels?: readonly Label[],
): LabelCounts {
  checkPair(yTrue, yPred);
  const ls = resolveLabels(yTrue, yPred, labels);
  const idx = indexOf(ls);
  const k = ls.length;
  const tp = new Float64Array(k);
  const predicted = new Float64Array(k);
  const actual = new Float64Array(k);
  for (let i = 0; i < yTrue.length; i++) {
    const t = idx.get(yTrue[i] as Label);
    const p = idx.get(yPred[i] as Label);
    if (t !== undefined) actual[t]++;
    if (p !== undefined) predicted[p]++;
    if (t !== undefined && t === p) tp[t]++;
  }
  return { labels: ls, tp, predicted, actual };
}

export interface PrfsPerClass {
  readonly labels: Label[];
  readonly precision: number[];
  readonly recall: number[];
  readonly f1: number[];
  readonly support: number[];
}

export interface Prfs {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Sum of the supports of the averaged labels. */
  readonly support: number;
}

const div0 = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const fOf = (p: number, r: number): number => div0(2 * p * r, p + r);

/**
 * Precision, recall, F1 and support of every label from its counts (zero division counts as 0, as in
 * scikit-learn).
 */
export function perClassScores(c: LabelCounts): PrfsPerClass {
  const k = c.labels.length;
  const precision: number[] = new Array(k);
  const recall: number[] = new Array(k);
  const f1: number[] = new Array(k);
  for (let j = 0; j < k; j++) {
    precision[j] = div0(c.tp[j] as number, c.predicted[j] as number);
    recall[j] = div0(c.tp[j] as number, c.actual[j] as number);
    f1[j] = fOf(precision[j] as number, recall[j] as number);
  }
  return { labels: c.labels, precision, recall, f1, support: Array.from(c.actual) };
}

/** Macro, micro or weighted average of per-label scores. */
export function averageScores(c: LabelCounts, average: 'macro' | 'micro' | 'weighted'): Prfs {
  const per = perClassScores(c);
  const k = c.labels.length;
  let support = 0;
  for (let j = 0; j < k; j++) support += c.actual[j] as number;
  if (average === 'micro') {
    let tp = 0;
    let pred = 0;
    for (let j = 0; j < k; j++) {
      tp += c.tp[j] as number;
      pred += c.predicted[j] as number;
    }
    const precision = div0(tp, pred);
    const recall = div0(tp, support);
    return { precision, recall, f1: fOf(precision, recall), support };
  }
  let p = 0;
  let r = 0;
  let f = 0;
  let wsum = 0;
  for (let j = 0; j < k; j++) {
    const w = average === 'macro' ? 1 : (c.actual[j] as number);
    p += w * (per.precision[j] as number);
    r += w * (per.recall[j] as number);
    f += w * (per.f1[j] as number);
    wsum += w;
  }
  return { precision: div0(p, wsum), recall: div0(r, wsum), f1: div0(f, wsum), support };
}

/**
 * Fraction of samples whose predicted label equals the true label.
 *
 * @example
 * ```ts
 * import { accuracyScore } from 'autolearn';
 *
 * console.log(accuracyScore(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'])); // 0.75
 * ```
 */
export function accuracyScore(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkPair(yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

type Metric = 'precision' | 'recall' | 'f1';

function score(
  metric: Metric,
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions,
): number | number[] {
  const average = options.average === undefined ? 'macro' : options.average;
  if (average === 'binary') {
    const pos = options.posLabel ?? 1;
    const present = new Set<Label>([...yTrue, ...yPred]);
    if (present.size > 2) {
      throw new DataError(
        `average 'binary' needs at most 2 labels, got ${present.size}; use 'macro', 'micro' or 'weighted'`,
      );
    }
    if (present.size === 2 && !present.has(pos)) {
      throw new DataError(`posLabel ${String(pos)} is not one of the labels ${[...present].join(', ')}`);
    }
    const per = perClassScores(labelCounts(yTrue, yPred, [pos]));
    return per[metric][0] as number;
  }
  if (average !== null && average !== 'macro' && average !== 'micro' && average !== 'weighted') {
    throw new ParamError('average', average, "'macro', 'micro', 'weighted', 'binary' or null");
  }
  const counts = labelCounts(yTrue, yPred, options.labels);
  if (average === null) return perClassScores(counts)[metric];
  return averageScores(counts, average)[metric];
}

/**
 * tp / (tp + fp). With `average: null` one value per label (in `labels` order).
 *
 * @example
 * ```ts
 * import { precisionScore } from 'autolearn';
 *
 * const yTrue = [0, 0, 1, 1, 2];
 * const yPred = [0, 1, 1, 1, 2];
 * console.log(precisionScore(yTrue, yPred), precisionScore(yTrue, yPred, { average: null }));
 * ```
 */
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions & { average?: Exclude<Average, null> },
): number;
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions & { average: null },
): number[];
export function precisionScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions = {},
): number | number[] {
  return score('precision', yTrue, yPred, options);
}

/**
 * tp / (tp + fn). With `average: null` one value per label (in `labels` order).
 *
 * @example
 * ```ts
 * import { recallScore } from 'autolearn';
 *
 * console.log(recallScore(['x', 'x', 'y'], ['x', 'y', 'y'], { average: 'weighted' }));
 * ```
 */
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions & { average?: Exclude<Average, null> },
): number;
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions & { average: null },
): number[];
export function recallScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions = {},
): number | number[] {
  return score('recall', yTrue, yPred, options);
}

/**
 * Harmonic mean of precision and recall. With `average: null` one value per label.
 *
 * @example
 * ```ts
 * import { f1Score } from 'autolearn';
 *
 * console.log(f1Score([1, 0, 1, 1], [1, 0, 0, 1], { average: 'binary', posLabel: 1 }));
 * ```
 */
export function f1Score(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options?: ScoreOptions & { average?: Exclude<Average, null> },
): number;
export function f1Score(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions & { average: null },
): number[];
export function f1Score(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: ScoreOptions = {},
): number | number[] {
  return score('f1', yTrue, yPred, options);
}
