/**
 * Seeded train / validation / test splits (optionally stratified, like scikit-learn's
 * StratifiedShuffleSplit), and `trainTestSplit` on plain arrays.
 */
import type { Label } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import { encodeLabels } from '../core/labels.js';
import { type Matrix, type MatrixLike, takeRows, toMatrix } from '../core/matrix.js';
import { Rng } from '../core/rng.js';

export interface SplitOptions {
  /** Fraction of the rows in the test part, in (0, 1). */
  readonly test: number;
  /** Fraction in the validation part, in [0, 1) (default 0). */
  readonly validation?: number;
  /** Seed of the shuffle (default 0); the same seed gives the same split. */
  readonly seed?: number;
  /** Keep class proportions in every part (default true when labels are given). */
  readonly stratify?: boolean;
}

export interface SplitIndices {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}

function checkFraction(name: string, v: unknown, allowZero: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v >= 1 || (allowZero ? v < 0 : v <= 0)) {
    throw new ParamError(name, v, allowZero ? 'a number in [0, 1)' : 'a number in (0, 1)', 'split');
  }
  return v;
}

/** Validates split options (fractions, seed) without data; returns the fractions. */
export function checkSplitOptions(options: SplitOptions): { test: number; validation: number } {
  if (typeof options !== 'object' || options === null) {
    throw new ParamError('options', options, '{ test, validation?, seed?, stratify? }', 'split');
  }
  const test = checkFraction('test', options.test, false);
  const validation = checkFraction('validation', options.validation ?? 0, true);
  if (test + validation >= 1)
    throw new ParamError('validation', validation, `a fraction below ${1 - test} (1 - test)`, 'split');
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new ParamError('seed', seed, 'an integer', 'split');
  return { test, validation };
}

/** Part sizes like scikit-learn: ceil(test * n), ceil(validation * n), the rest is train. */
function partSizes(n: number, test: number, validation: number): { nTest: number; nVal: number } {
  // The 1e-9 keeps 0.3 * 10 = 3.0000000000000004 at 3 rows; a positive fraction gets >= 1 row.
  const nTest = Math.max(1, Math.ceil(test * n - 1e-9));
  const nVal = validation > 0 ? Math.max(1, Math.ceil(validation * n - 1e-9)) : 0;
  if (n - nTest - nVal < 1) {
    throw new ParamError(
      'test',
      test,
      `fractions leaving at least one training row (n=${n}, test=${nTest}, validation=${nVal})`,
      'split',
    );
  }
  return { nTest, nVal };
}

/**
 * Largest-remainder allocation of `total` items over classes proportionally to `counts`
 * (deterministic: ties go to the lower class index). Never gives a class more than it has.
 */
export function allocateProportional(counts: ArrayLike<number>, total: number): Int32Array {
  const k = counts.length;
  let n = 0;
  for (let c = 0; c < k; c++) n += counts[c] as number;
  const out = new Int32Array(k);
  const rem = new Float64Array(k);
  let given = 0;
  for (let c = 0; c < k; c++) {
    const exact = ((counts[c] as number) * total) / n;
    out[c] = Math.floor(exact + 1e-9);
    rem[c] = exact - (out[c] as number);
    given += out[c] as number;
  }
  const order = Array.from({ length: k }, (_, c) => c).sort(
    (a, b) => (rem[b] as number) - (rem[a] as number) || a - b,
  );
  for (let i = 0; given < total && i < k * 2; i++) {
    const c = order[i % k] as number;
    if ((out[c] as number) < (counts[c] as number)) {
      out[c]++;
      given++;
    }
  }
  return out;
}

/**
 * Row indices of each part. With `y` and `stratify` (default), each class is split in proportion;
 * otherwise one shuffled permutation is cut. Each part's indices come in shuffled order.
 */
export function splitIndices(n: number, options: SplitOptions, y?: ArrayLike<number>): SplitIndices {
  const { test, validation } = checkSplitOptions(options);
  const { nTest, nVal } = partSizes(n, test, validation);
  const rng = new Rng(options.seed ?? 0);
  const testIdx = new Int32Array(nTest);
  const valIdx = new Int32Array(nVal);
  const trainIdx = new Int32Array(n - nTest - nVal);
  const stratify = (options.stratify ?? true) && y !== undefined;
  if (!stratify) {
    const perm = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    testIdx.set(perm.subarray(0, nTest));
    valIdx.set(perm.subarray(nTest, nTest + nVal));
    trainIdx.set(perm.subarray(nTest + nVal));
    return { train: trainIdx, validation: valIdx, test: testIdx };
  }
  const labels = y as ArrayLike<number>;
  if (labels.length !== n) throw new DataError(`split: y has ${labels.length} labels for ${n} rows`);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    if (!Number.isInteger(c) || c < 0)
      throw new DataError(`split: encoded label ${c} at row ${i} is not a class index`);
    if (c + 1 > k) k = c + 1;
  }
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) counts[labels[i] as number]++;
  // Rows of each class, grouped (counting sort), then shuffled within the class.
  const start = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) start[c + 1] = (start[c] as number) + (counts[c] as number);
  const byClass = new Int32Array(n);
  const fill = start.slice(0, k);
  for (let i = 0; i < n; i++) byClass[fill[labels[i] as number]++] = i;
  for (let c = 0; c < k; c++) rng.shuffle(byClass.subarray(start[c], start[c + 1]));
  const tAlloc = allocateProportional(counts, nTest);
  const left = Int32Array.from(counts, (v, c) => v - (tAlloc[c] as number));
  const vAlloc = allocateProportional(left, nVal);
  let t = 0;
  let v = 0;
  let r = 0;
  for (let c = 0; c < k; c++) {
    const s = start[c] as number;
    const e = start[c + 1] as number;
    const te = s + (tAlloc[c] as number);
    const ve = te + (vAlloc[c] as number);
    for (let i = s; i < te; i++) testIdx[t++] = byClass[i] as number;
    for (let i = te; i < ve; i++) valIdx[v++] = byClass[i] as number;
    for (let i = ve; i < e; i++) trainIdx[r++] = byClass[i] as number;
  }
  rng.shuffle(testIdx);
  rng.shuffle(valIdx);
  rng.shuffle(trainIdx);
  return { train: trainIdx, validation: valIdx, test: testIdx };
}

export interface TrainTestSplitOptions {
  /** Fraction of rows in the test part, in (0, 1) (default 0.25, like scikit-learn). */
  readonly testSize?: number;
  readonly seed?: number;
  /** Keep class proportions (default true). */
  readonly stratify?: boolean;
}

export interface TrainTestSplit<Y> {
  readonly XTrain: Matrix;
  readonly XTest: Matrix;
  readonly yTrain: Y;
  readonly yTest: Y;
  readonly trainIndex: Int32Array;
  readonly testIndex: Int32Array;
}

/**
 * Splits `X` and `y` (labels or encoded ints) into seeded train and test parts.
 *
 * @example
 * ```ts
 * import { GaussianNB, makeClassification, trainTestSplit } from 'autolearn';
 *
 * const { X, y } = makeClassification({ nSamples: 200, seed: 0 });
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.25, seed: 1 });
 * const model = await new GaussianNB().fit(XTrain, yTrain);
 * console.log((await model.predict(XTest)).length, yTest.length);
 * ```
 */
export function trainTestSplit<Y extends readonly Label[] | Int32Array>(
  X: MatrixLike,
  y: Y,
  options: TrainTestSplitOptions = {},
): TrainTestSplit<Y> {
  const m = toMatrix(X);
  if (y.length !== m.rows)
    throw new DataError(`trainTestSplit: X has ${m.rows} rows but y has ${y.length} labels`);
  let codes: Int32Array | undefined;
  if (options.stratify ?? true) {
    // Classes coded in sorted order (as a Dataset would), so both label forms split alike.
    codes = y instanceof Int32Array ? y : encodeLabels(y).y;
  }
  const idx = splitIndices(
    m.rows,
    { test: options.testSize ?? 0.25, seed: options.seed, stratify: options.stratify },
    codes,
  );
  const pick = (ix: Int32Array): Y =>
    (y instanceof Int32Array
      ? Int32Array.from(ix, (i) => y[i] as number)
      : Array.from(ix, (i) => y[i] as Label)) as unknown as Y;
  return {
    XTrain: takeRows(m, idx.train),
    XTest: takeRows(m, idx.test),
    yTrain: pick(idx.train),
    yTest: pick(idx.test),
    trainIndex: idx.train,
    testIndex: idx.test,
  };
}
