/** Small pure helpers of the benchmark protocol: median, ratios, classification scores, standardization. */

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

/** ours / theirs, or null when either side is missing or theirs is 0. */
export function ratio(ours: number | null | undefined, theirs: number | null | undefined): number | null {
  if (ours == null || theirs == null || !(theirs > 0)) return null;
  return ours / theirs;
}

export interface Scores {
  accuracy: number;
  precision_macro: number;
  recall_macro: number;
}

/**
 * Accuracy and macro precision/recall as scikit-learn computes them (`average='macro'`,
 * `zero_division=0`): averaged over the sorted union of labels in y_true and y_pred.
 */
export function scores(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): Scores {
  const n = yTrue.length;
  if (n !== yPred.length) throw new RangeError(`y_true has ${n} labels, y_pred ${yPred.length}`);
  if (n === 0) throw new RangeError('no labels to score');
  const labels = [...new Set<number>([...Array.from(yTrue), ...Array.from(yPred)])].sort((a, b) => a - b);
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const tp = new Float64Array(k);
  const predicted = new Float64Array(k);
  const actual = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = index.get(yTrue[i] as number)!;
    const p = index.get(yPred[i] as number)!;
    actual[t]++;
    predicted[p]++;
    if (t === p) {
      tp[t]++;
      correct++;
    }
  }
  let prec = 0;
  let rec = 0;
  for (let c = 0; c < k; c++) {
    prec += predicted[c]! > 0 ? tp[c]! / predicted[c]! : 0;
    rec += actual[c]! > 0 ? tp[c]! / actual[c]! : 0;
  }
  return { accuracy: correct / n, precision_macro: prec / k, recall_macro: rec / k };
}

/** A fitted standard scaler: per-column mean and 1 / population standard deviation. */
export interface Scaler {
  mean: Float64Array;
  scale: Float64Array;
}

/**
 * The train columns' mean and population standard deviation (scikit-learn's StandardScaler: a
 * zero-variance column is only centred).
 */
export function fitScaler(train: Float64Array, d: number): Scaler {
  const n = train.length / d;
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j]! += train[o + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const z = train[o + j]! - mean[j]!;
      m2[j]! += z * z;
    }
  }
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(m2[j]! / n);
    scale[j] = sd > 0 ? 1 / sd : 1;
  }
  return { mean, scale };
}

/** Applies a scaler in place to a row-major matrix. */
export function applyScaler(a: Float64Array, s: Scaler): void {
  const d = s.mean.length;
  const rows = a.length / d;
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) a[o + j] = (a[o + j]! - s.mean[j]!) * s.scale[j]!;
  }
}

/** Standardizes train and test in place with the train columns' statistics. */
export function standardize(train: Float64Array, test: Float64Array, d: number): void {
  const s = fitScaler(train, d);
  applyScaler(train, s);
  applyScaler(test, s);
}

/** scikit-learn's gamma='scale': 1 / (d * Var(X)) over all cells of the (train) matrix. */
export function gammaScale(x: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const mean = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) {
    const z = x[i]! - mean;
    v += z * z;
  }
  v /= x.length;
  return v > 0 ? 1 / (d * v) : 1;
}
