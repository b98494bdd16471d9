/**
 * Threshold-free and probabilistic metrics with scikit-learn 1.2.1's semantics: ROC-AUC (binary,
 * multiclass one-vs-rest and one-vs-one, macro / weighted), average precision, log-loss (eps
 * clipping, row renormalisation, `labels`) and balanced accuracy (optionally adjusted for chance).
 */
import type { Label } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import { isMatrix, type Matrix, type MatrixLike, toMatrix } from '../core/matrix.js';
import { compareLabels, uniqueLabels } from './labels.js';

/** Scores per sample (binary: one number per sample) or a samples x classes matrix. */
export type ScoreInput = ArrayLike<number> | MatrixLike;

export interface RocAucOptions {
  /** How the per-class (ovr) or per-pair (ovo) scores combine: 'macro' (default) or 'weighted'. */
  readonly average?: 'macro' | 'weighted';
  /** Multiclass strategy: 'ovr', 'ovo' or 'raise' (default: throw for more than 2 classes). */
  readonly multiClass?: 'raise' | 'ovr' | 'ovo';
  /** The classes, in the order of the score columns (default: sorted labels of yTrue). */
  readonly labels?: readonly Label[];
  /** Per-sample weights (binary and ovr only, like scikit-learn). */
  readonly sampleWeight?: ArrayLike<number>;
}

function isTwoD(x: ScoreInput): x is MatrixLike {
  return isMatrix(x) || (Array.isArray(x) && x.length > 0 && Array.isArray(x[0]));
}

/** The score vector of a binary problem: a 1-D array, an n x 1 matrix, or the last of n x 2 columns. */
function binaryScores(yScore: ScoreInput, n: number, who: string): Float64Array {
  let s: Float64Array;
  if (isTwoD(yScore)) {
    const m = toMatrix(yScore);
    if (m.cols !== 1 && m.cols !== 2)
      throw new DataError(`${who}: a binary target needs 1 score per sample (or 2 columns), got ${m.cols}`);
    s = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) s[i] = m.data[i * m.cols + m.cols - 1] as number;
  } else {
    s = Float64Array.from(yScore as ArrayLike<number>);
  }
  if (s.length !== n) throw new DataError(`${who}: yTrue has ${n} samples but yScore has ${s.length}`);
  for (let i = 0; i < s.length; i++)
    if (!Number.isFinite(s[i] as number)) throw new DataError(`${who}: yScore[${i}] is ${s[i]}`);
  return s;
}

function weightsOf(w: ArrayLike<number> | undefined, n: number, who: string): Float64Array {
  if (w === undefined) return new Float64Array(n).fill(1);
  if (w.length !== n) throw new DataError(`${who}: sampleWeight has ${w.length} values, expected ${n}`);
  const out = Float64Array.from(w);
  for (let i = 0; i < n; i++) {
    const v = out[i] as number;
    if (!Number.isFinite(v) || v < 0) throw new DataError(`${who}: sampleWeight[${i}] is ${v}`);
  }
  return out;
}

/**
 * Cumulative weighted true / false positives at each distinct score, highest score first
 * (scikit-learn's `_binary_clf_curve`). `pos[i]` is 1 for a positive sample.
 */
function clfCurve(
  pos: Uint8Array,
  score: Float64Array,
  w: Float64Array,
): { tps: Float64Array; fps: Float64Array } {
  const n = pos.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (score[b] as number) - (score[a] as number),
  );
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    if (pos[i]) tp += w[i] as number;
    else fp += w[i] as number;
    const next = order[k + 1];
    if (next === undefined || score[next] !== score[i]) {
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { tps: Float64Array.from(tps), fps: Float64Array.from(fps) };
}

function binaryAuc(pos: Uint8Array, score: Float64Array, w: Float64Array, who: string): number {
  const { tps, fps } = clfCurve(pos, score, w);
  const P = tps[tps.length - 1] as number;
  const N = fps[fps.length - 1] as number;
  if (P === 0 || N === 0) {
    throw new DataError(`${who}: only one class present in yTrue; ROC AUC is not defined in that case`);
  }
  let area = 0;
  let pt = 0;
  let pf = 0;
  for (let i = 0; i < tps.length; i++) {
    const t = tps[i] as number;
    const f = fps[i] as number;
    area += ((f - pf) * (t + pt)) / 2;
    pt = t;
    pf = f;
  }
  return area / (P * N);
}

function binaryAp(pos: Uint8Array, score: Float64Array, w: Float64Array, who: string): number {
  const { tps, fps } = clfCurve(pos, score, w);
  const P = tps[tps.length - 1] as number;
  if (P === 0) throw new DataError(`${who}: yTrue has no positive sample; average precision is undefined`);
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const t = tps[i] as number;
    const recall = t / P;
    const denom = t + (fps[i] as number);
    const precision = denom === 0 ? 0 : t / denom;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return ap;
}

function checkLabels(yTrue: readonly Label[], labels: readonly Label[] | undefined, who: string): Label[] {
  if (yTrue.length === 0) throw new DataError(`${who}: yTrue is empty`);
  if (labels === undefined) return uniqueLabels(yTrue);
  if (new Set(labels).size !== labels.length) throw new DataError(`${who}: labels contains duplicates`);
  const known = new Set(labels);
  for (const l of yTrue) {
    if (!known.has(l))
      throw new DataError(`${who}: yTrue has label ${JSON.stringify(l)}, which is not in labels`);
  }
  return [...labels];
}

function probaMatrix(yScore: ScoreInput, n: number, k: number, who: string): Matrix {
  if (!isTwoD(yScore)) throw new DataError(`${who}: a multiclass target needs an n x ${k} score matrix`);
  const m = toMatrix(yScore);
  if (m.rows !== n) throw new DataError(`${who}: yTrue has ${n} samples but yScore has ${m.rows} rows`);
  if (m.cols !== k) {
    throw new DataError(
      `${who}: yScore has ${m.cols} columns but there are ${k} classes; pass labels in the column order`,
    );
  }
  return m;
}

function column(m: Matrix, j: number, rows?: readonly number[]): Float64Array {
  const idx = rows ?? Array.from({ length: m.rows }, (_, i) => i);
  return Float64Array.from(idx, (i) => m.data[i * m.cols + j] as number);
}

/**
 * Area under the ROC curve, like scikit-learn's `roc_auc_score`. Binary targets take one score per
 * sample (larger means the greater label, `labels[1]`); multiclass targets take an n x k matrix of
 * probabilities (rows summing to 1) and `multiClass: 'ovr'` (each class against the rest) or
 * `'ovo'` (Hand & Till's pairwise average), combined by `average` ('macro' or 'weighted').
 *
 * @example
 * ```ts
 * import { rocAucScore } from 'autolearn';
 *
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * rocAucScore(['a', 'b', 'c'], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7]], { multiClass: 'ovr' }); // 1
 * ```
 */
export function rocAucScore(
  yTrue: readonly Label[],
  yScore: ScoreInput,
  options: RocAucOptions = {},
): number {
  const who = 'rocAucScore';
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted')
    throw new ParamError('average', average, "'macro' or 'weighted'", who);
  const classes = checkLabels(yTrue, options.labels, who);
  const n = yTrue.length;
  const mc = options.multiClass ?? 'raise';
  if (mc !== 'raise' && mc !== 'ovr' && mc !== 'ovo')
    throw new ParamError('multiClass', mc, "'raise', 'ovr' or 'ovo'", who);
  const twoD = isTwoD(yScore) && toMatrix(yScore).cols > 2;
  if (classes.length <= 2 && !twoD) {
    if (classes.length < 2) {
      throw new DataError(`${who}: only one class present in yTrue; ROC AUC is not defined in that case`);
    }
    const s = binaryScores(yScore, n, who);
    const pos = Uint8Array.from(yTrue, (l) => (l === classes[1] ? 1 : 0));
    return binaryAuc(pos, s, weightsOf(options.sampleWeight, n, who), who);
  }
  if (mc === 'raise') {
    throw new ParamError('multiClass', mc, "'ovr' or 'ovo' for a multiclass target", who);
  }
  const k = classes.length;
  const p = probaMatrix(yScore, n, k, who);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += p.data[i * k + j] as number;
    if (!(Math.abs(s - 1) <= 1e-8 + 1e-5)) {
      throw new DataError(
        `${who}: multiclass scores must be probabilities (each row summing to 1); row ${i} sums to ${s}`,
      );
    }
  }
  const index = new Map(classes.map((c, j) => [c, j]));
  const yi = Int32Array.from(yTrue, (l) => index.get(l) as number);
  if (mc === 'ovr') {
    const w = weightsOf(options.sampleWeight, n, who);
    let total = 0;
    let wsum = 0;
    for (let j = 0; j < k; j++) {
      const pos = Uint8Array.from(yi, (c) => (c === j ? 1 : 0));
      let support = 0;
      for (let i = 0; i < n; i++) if (yi[i] === j) support += w[i] as number;
      const auc = binaryAuc(pos, column(p, j), w, who);
      const cw = average === 'macro' ? 1 : support;
      total += cw * auc;
      wsum += cw;
    }
    return total / wsum;
  }
  if (options.sampleWeight !== undefined)
    throw new ParamError('sampleWeight', 'given', "none with multiClass 'ovo' (as in scikit-learn)", who);
  const present = [...new Set(yi)].sort((a, b) => a - b);
  let total = 0;
  let wsum = 0;
  for (let ai = 0; ai < present.length; ai++) {
    for (let bi = ai + 1; bi < present.length; bi++) {
      const a = present[ai] as number;
      const b = present[bi] as number;
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (yi[i] === a || yi[i] === b) rows.push(i);
      const ones = new Float64Array(rows.length).fill(1);
      const aTrue = Uint8Array.from(rows, (i) => (yi[i] === a ? 1 : 0));
      const bTrue = Uint8Array.from(rows, (i) => (yi[i] === b ? 1 : 0));
      const score =
        (binaryAuc(aTrue, column(p, a, rows), ones, who) + binaryAuc(bTrue, column(p, b, rows), ones, who)) /
        2;
      const pw = average === 'macro' ? 1 : rows.length / n;
      total += pw * score;
      wsum += pw;
    }
  }
  return total / wsum;
}

export interface AveragePrecisionOptions {
  /** Positive class of a binary target (default: the greater label). */
  readonly posLabel?: Label;
  /** Multiclass (one column per class): 'macro' (default) or 'weighted' by class support. */
  readonly average?: 'macro' | 'weighted';
  /** Classes in score-column order (default: sorted labels of yTrue). */
  readonly labels?: readonly Label[];
  readonly sampleWeight?: ArrayLike<number>;
}

/**
 * Average precision (area under the precision-recall curve as a step function,
 * `sum_n (R_n - R_{n-1}) P_n`), like scikit-learn's `average_precision_score`. Binary targets take
 * one score per sample; multiclass targets an n x k score matrix, averaged one-vs-rest.
 *
 * @example
 * ```ts
 * import { averagePrecisionScore } from 'autolearn';
 *
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333...
 * ```
 */
export function averagePrecisionScore(
  yTrue: readonly Label[],
  yScore: ScoreInput,
  options: AveragePrecisionOptions = {},
): number {
  const who = 'averagePrecisionScore';
  const n = yTrue.length;
  const w = weightsOf(options.sampleWeight, n, who);
  const classes = checkLabels(yTrue, options.labels, who);
  const twoD = isTwoD(yScore) && toMatrix(yScore).cols > 2;
  if (!twoD) {
    if (classes.length > 2) throw new DataError(`${who}: a multiclass target needs an n x k score matrix`);
    const posLabel = options.posLabel ?? (classes.length === 2 ? classes[1] : 1);
    if (classes.length === 2 && !classes.includes(posLabel as Label)) {
      throw new DataError(`${who}: posLabel ${JSON.stringify(posLabel)} is not one of ${classes.join(', ')}`);
    }
    const s = binaryScores(yScore, n, who);
    return binaryAp(
      Uint8Array.from(yTrue, (l) => (l === posLabel ? 1 : 0)),
      s,
      w,
      who,
    );
  }
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted')
    throw new ParamError('average', average, "'macro' or 'weighted'", who);
  const k = classes.length;
  const p = probaMatrix(yScore, n, k, who);
  let total = 0;
  let wsum = 0;
  for (let j = 0; j < k; j++) {
    const pos = Uint8Array.from(yTrue, (l) => (l === classes[j] ? 1 : 0));
    let support = 0;
    for (let i = 0; i < n; i++) if (pos[i]) support += w[i] as number;
    const cw = average === 'macro' ? 1 : support;
    total += cw * binaryAp(pos, column(p, j), w, who);
    wsum += cw;
  }
  return total / wsum;
}

export interface LogLossOptions {
  /** Clipping: probabilities are clipped to [eps, 1 - eps]; default: float64 machine epsilon. */
  readonly eps?: number;
  /** Mean over samples (default true) or the sum. */
  readonly normalize?: boolean;
  /** All classes, in the order of the probability columns (default: sorted labels of yTrue). */
  readonly labels?: readonly Label[];
  readonly sampleWeight?: ArrayLike<number>;
}

/**
 * Cross-entropy of predicted probabilities, like scikit-learn 1.2's `log_loss`: probabilities are
 * clipped to [eps, 1 - eps] (eps = 2.22e-16 by default), each row is renormalised to sum 1, and
 * the loss is `-sum_k y_ik log p_ik`, averaged (or summed with `normalize: false`). A binary target
 * accepts one probability per sample (that of the greater label).
 *
 * @example
 * ```ts
 * import { logLoss } from 'autolearn';
 *
 * logLoss(['spam', 'ham', 'ham'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2]]); // 0.1838...
 * ```
 */
export function logLoss(yTrue: readonly Label[], yPred: ScoreInput, options: LogLossOptions = {}): number {
  const who = 'logLoss';
  const n = yTrue.length;
  const classes = checkLabels(yTrue, options.labels, who);
  if (classes.length < 2) {
    throw new DataError(
      options.labels === undefined
        ? `${who}: yTrue contains only one label (${String(classes[0])}); pass all classes through the labels option`
        : `${who}: labels needs at least two labels, got ${classes.length}`,
    );
  }
  const eps = options.eps ?? Number.EPSILON;
  if (!(eps >= 0 && eps < 0.5)) throw new ParamError('eps', eps, 'a number in [0, 0.5)', who);
  let p: Matrix;
  if (isTwoD(yPred)) p = toMatrix(yPred);
  else {
    const v = Float64Array.from(yPred as ArrayLike<number>);
    p = { rows: v.length, cols: 1, data: v };
  }
  if (p.rows !== n) throw new DataError(`${who}: yTrue has ${n} samples but yPred has ${p.rows} rows`);
  const k = p.cols === 1 ? 2 : p.cols;
  if (k !== classes.length) {
    throw new DataError(
      `${who}: yPred has ${k} classes but ${options.labels === undefined ? 'yTrue has' : 'labels has'} ${classes.length} (${classes.join(', ')}); pass labels explicitly`,
    );
  }
  const w = options.sampleWeight === undefined ? null : weightsOf(options.sampleWeight, n, who);
  const index = new Map(classes.map((c, j) => [c, j]));
  const row = new Float64Array(k);
  let total = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    if (p.cols === 1) {
      const v = p.data[i] as number;
      const c = Math.min(Math.max(v, eps), 1 - eps);
      row[0] = 1 - c;
      row[1] = c;
      // scikit-learn clips the 1-D column before building 1 - p
    } else {
      for (let j = 0; j < k; j++) row[j] = Math.min(Math.max(p.data[i * k + j] as number, eps), 1 - eps);
    }
    let s = 0;
    for (let j = 0; j < k; j++) s += row[j] as number;
    for (let j = 0; j < k; j++) {
      if (!Number.isFinite(row[j] as number)) throw new DataError(`${who}: yPred row ${i} is not finite`);
    }
    const j = index.get(yTrue[i] as Label) as number;
    const loss = -Math.log((row[j] as number) / s);
    const wi = w === null ? 1 : (w[i] as number);
    total += wi * loss;
    wsum += wi;
  }
  if (options.normalize === false) return total;
  return total / wsum;
}

export interface BalancedAccuracyOptions {
  /** Rescale so that chance scores 0 and perfect scores 1 (default false). */
  readonly adjusted?: boolean;
  readonly sampleWeight?: ArrayLike<number>;
}

/**
 * Balanced accuracy: the mean of the per-class recalls over the classes present in yTrue
 * (scikit-learn's `balanced_accuracy_score`); `adjusted: true` maps chance (1 / nClasses) to 0.
 *
 * @example
 * ```ts
 * import { balancedAccuracyScore } from 'autolearn';
 *
 * balancedAccuracyScore([0, 0, 0, 1], [0, 0, 0, 0]); // 0.5
 * balancedAccuracyScore([0, 0, 0, 1], [0, 0, 0, 0], { adjusted: true }); // 0
 * ```
 */
export function balancedAccuracyScore(
  yTrue: readonly Label[],
  yPred: readonly Label[],
  options: BalancedAccuracyOptions = {},
): number {
  const who = 'balancedAccuracyScore';
  if (yTrue.length !== yPred.length)
    throw new DataError(`${who}: yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`);
  if (yTrue.length === 0) throw new DataError(`${who}: yTrue is empty`);
  const w = weightsOf(options.sampleWeight, yTrue.length, who);
  const support = new Map<Label, number>();
  const hits = new Map<Label, number>();
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as Label;
    support.set(t, (support.get(t) ?? 0) + (w[i] as number));
    if (t === yPred[i]) hits.set(t, (hits.get(t) ?? 0) + (w[i] as number));
  }
  const labels = [...support.keys()].sort(compareLabels);
  let sum = 0;
  let count = 0;
  for (const l of labels) {
    const s = support.get(l) as number;
    if (s === 0) continue;
    sum += (hits.get(l) ?? 0) / s;
    count++;
  }
  let score = sum / count;
  if (options.adjusted) {
    const chance = 1 / count;
    score = (score - chance) / (1 - chance);
  }
  return score;
}
