/**
 * Cross-validation splitters with scikit-learn's folds: `KFold` (contiguous folds) and
 * `StratifiedKFold` (class proportions kept in each fold). With `shuffle: false` the folds are
 * exactly scikit-learn's for the same `nSplits`. scikit-learn shuffles with numpy's Mersenne
 * Twister, which autolearn does not reproduce: with `shuffle: true` the permutation comes from
 * autolearn's seeded generator (`seed`), so it is deterministic per seed but not the same
 * permutation as scikit-learn's `random_state`.
 */
import type { Label } from '../core/data.js';
import { DataError, ParamError } from '../core/errors.js';
import { Rng } from '../core/rng.js';

/** One train / test split: sorted row indices. */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Something that yields folds for n samples (and their labels). */
export interface Splitter {
  readonly nSplits: number;
  split(n: number, y?: readonly Label[]): Fold[];
}

export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  readonly nSplits?: number;
  /** Shuffle the rows before cutting folds (default false). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle (autolearn's generator; see the module note). Default 0. */
  readonly seed?: number;
}

function checkOptions(o: KFoldOptions, who: string): { nSplits: number; shuffle: boolean; seed: number } {
  const nSplits = o.nSplits ?? 5;
  if (!Number.isInteger(nSplits) || nSplits < 2)
    throw new ParamError('nSplits', nSplits, 'an integer >= 2', who);
  const shuffle = o.shuffle ?? false;
  if (typeof shuffle !== 'boolean') throw new ParamError('shuffle', shuffle, 'true or false', who);
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new ParamError('seed', seed, 'an integer >= 0', who);
  return { nSplits, shuffle, seed };
}

/** Folds from a test-fold number per sample (train = every other sample), both sorted. */
function foldsFromAssignment(testFold: Int32Array, k: number): Fold[] {
  const out: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < testFold.length; i++) (testFold[i] === f ? test : train).push(i);
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return out;
}

/**
 * K-fold cross-validation: the (optionally shuffled) rows are cut into `nSplits` contiguous folds,
 * the first `n % nSplits` of them one row larger; each fold is the test set once. Without shuffle
 * the folds equal scikit-learn's `KFold(n_splits)`.
 *
 * @example
 * ```ts
 * import { KFold } from 'autolearn';
 *
 * new KFold({ nSplits: 3 }).split(7).map((f) => Array.from(f.test)); // [[0, 1, 2], [3, 4], [5, 6]]
 * ```
 */
export class KFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly seed: number;

  constructor(options: KFoldOptions = {}) {
    const o = checkOptions(options, 'KFold');
    this.nSplits = o.nSplits;
    this.shuffle = o.shuffle;
    this.seed = o.seed;
  }

  split(n: number): Fold[] {
    if (!Number.isInteger(n) || n < this.nSplits) {
      throw new DataError(
        `KFold: cannot have nSplits=${this.nSplits} greater than the number of samples n=${n}`,
      );
    }
    const order = Int32Array.from({ length: n }, (_, i) => i);
    if (this.shuffle) new Rng(this.seed).shuffle(order);
    const testFold = new Int32Array(n);
    const base = Math.floor(n / this.nSplits);
    let at = 0;
    for (let f = 0; f < this.nSplits; f++) {
      const size = base + (f < n % this.nSplits ? 1 : 0);
      for (let k = 0; k < size; k++) testFold[order[at++] as number] = f;
    }
    return foldsFromAssignment(testFold, this.nSplits);
  }
}

/**
 * Stratified k-fold cross-validation, scikit-learn's algorithm (1.2): classes are numbered by first
 * appearance, the samples sorted by class are dealt round-robin to allocate each class's count per
 * fold, and each class's samples (in row order, or shuffled with `shuffle: true`) fill the folds in
 * turn. Without shuffle the folds equal scikit-learn's `StratifiedKFold(n_splits)`. Throws when
 * every class has fewer members than `nSplits`.
 *
 * @example
 * ```ts
 * import { StratifiedKFold } from 'autolearn';
 *
 * const folds = new StratifiedKFold({ nSplits: 2 }).split(6, ['a', 'a', 'b', 'b', 'a', 'b']);
 * folds.map((f) => Array.from(f.test)); // [[0, 1, 2], [3, 4, 5]]
 * ```
 */
export class StratifiedKFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly seed: number;

  constructor(options: KFoldOptions = {}) {
    const o = checkOptions(options, 'StratifiedKFold');
    this.nSplits = o.nSplits;
    this.shuffle = o.shuffle;
    this.seed = o.seed;
  }

  split(n: number, y?: readonly Label[]): Fold[] {
    if (!y) throw new DataError('StratifiedKFold.split needs the labels y');
    if (y.length !== n) throw new DataError(`StratifiedKFold: ${n} samples but ${y.length} labels`);
    const k = this.nSplits;
    // classes by order of first appearance (scikit-learn's class_perm)
    const code = new Map<Label, number>();
    const enc = Int32Array.from(y, (l) => {
      let c = code.get(l);
      if (c === undefined) {
        c = code.size;
        code.set(l, c);
      }
      return c;
    });
    const nClasses = code.size;
    const counts = new Int32Array(nClasses);
    for (const c of enc) counts[c]++;
    if (counts.every((c) => k > c)) {
      throw new DataError(
        `StratifiedKFold: nSplits=${k} cannot be greater than the number of members in each class`,
      );
    }
    if (n < k)
      throw new DataError(
        `StratifiedKFold: cannot have nSplits=${k} greater than the number of samples n=${n}`,
      );
    // y_order = sorted codes; allocation[f][c] = count of class c among y_order[f::k]
    const yOrder = Int32Array.from(enc).sort();
    const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
    for (let i = 0; i < n; i++) (allocation[i % k] as Int32Array)[yOrder[i] as number]++;
    const rng = this.shuffle ? new Rng(this.seed) : null;
    const testFold = new Int32Array(n);
    for (let c = 0; c < nClasses; c++) {
      const folds: number[] = [];
      for (let f = 0; f < k; f++) for (let t = 0; t < (allocation[f] as Int32Array)[c]!; t++) folds.push(f);
      if (rng) rng.shuffle(folds);
      let at = 0;
      for (let i = 0; i < n; i++) if (enc[i] === c) testFold[i] = folds[at++] as number;
    }
    return foldsFromAssignment(testFold, k);
  }
}

/** What `cv` options take: a fold count (StratifiedKFold without shuffle), a splitter, or explicit folds. */
export type CvSpec =
  | number
  | Splitter
  | readonly Fold[]
  | readonly { train: ArrayLike<number>; test: ArrayLike<number> }[];

/** The folds of `cv` for n samples (scikit-learn's check_cv for classifiers: an int means StratifiedKFold). */
export function resolveFolds(cv: CvSpec | undefined, n: number, y: readonly Label[]): Fold[] {
  const spec = cv ?? 5;
  if (typeof spec === 'number') return new StratifiedKFold({ nSplits: spec }).split(n, y);
  if (Array.isArray(spec)) {
    if (spec.length === 0)
      throw new ParamError('cv', spec, 'a non-empty list of { train, test } folds', 'cv');
    return spec.map((f, k) => {
      const train = Int32Array.from(f.train);
      const test = Int32Array.from(f.test);
      for (const i of [...train, ...test]) {
        if (!(i >= 0 && i < n))
          throw new DataError(`cv fold ${k}: row index ${i} is out of range 0..${n - 1}`);
      }
      if (train.length === 0 || test.length === 0)
        throw new DataError(`cv fold ${k}: train and test must be non-empty`);
      return { train, test };
    });
  }
  const s = spec as Splitter;
  if (typeof s.split !== 'function')
    throw new ParamError('cv', spec, 'a number >= 2, a KFold / StratifiedKFold, or a list of folds', 'cv');
  return s.split(n, y);
}
