/**
 * Flat typed-array storage of one fitted decision tree (scikit-learn's `tree_` layout): node `i`
 * has `feature[i]` (-2 for a leaf), `threshold[i]` (go left when x <= threshold), `left[i]` /
 * `right[i]` (-1 for a leaf), `value[i*K .. i*K+K)` the (weighted) class counts reaching it,
 * `impurity[i]`, `nSamples[i]` (training rows with a positive weight reaching it, scikit-learn's
 * n_node_samples) and `weightedNSamples[i]` (their total weight). Depth-first trees number their
 * nodes in pre-order, left first; best-first trees (maxLeafNodes) in the order they were created.
 *
 * Thresholds follow scikit-learn's float32 convention: they are float64 midpoints of float32
 * values, and a sample goes left when `Math.fround(x) <= threshold` (scikit-learn casts X to
 * float32 before comparing).
 */
import { CheckpointError } from '../../core/errors.js';

export const TREE_LEAF = -1;
export const TREE_UNDEFINED = -2;

/** A fitted tree as plain number arrays (checkpoints). */
export interface TreeState {
  readonly nClasses: number;
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  /** Class counts per node, node-major (nodeCount * nClasses). */
  readonly value: number[];
  /** Node impurities and sample counts; optional (forests leave them out of checkpoints). */
  readonly impurity?: number[];
  readonly nSamples?: number[];
  /** Total sample weight per node (absent in older checkpoints: then equal to nSamples). */
  readonly weightedNSamples?: number[];
}

/** The typed arrays of a fitted tree (what forest workers transfer back). */
export interface TreeArrays {
  readonly nClasses: number;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly impurity: Float64Array;
  readonly nSamples: Float64Array;
  readonly weightedNSamples: Float64Array;
}

/** Sibling-adjacent node arrays for branch-free traversal (`child` of a leaf: its node id). */
export interface PredictLayout {
  readonly feat: Int32Array;
  readonly thr: Float64Array;
  readonly child: Int32Array;
}

/**
 * A fitted decision tree as flat typed arrays (feature, threshold, children, class values per node):
 * compact to store in a checkpoint and fast to walk when predicting.
 */
export class TreeStore {
  nodeCount = 0;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  impurity: Float64Array;
  nSamples: Float64Array;
  weightedNSamples: Float64Array;
  private probaCache: Float64Array | null = null;
  private layout: PredictLayout | null = null;

  constructor(
    readonly nClasses: number,
    capacity = 64,
  ) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.value = new Float64Array(capacity * nClasses);
    this.impurity = new Float64Array(capacity);
    this.nSamples = new Float64Array(capacity);
    this.weightedNSamples = new Float64Array(capacity);
  }

  /** Appends a leaf node (turned into a split later by `setSplit`); links it to its parent. */
  addNode(
    parent: number,
    isLeft: boolean,
    counts: ArrayLike<number>,
    impurity: number,
    nSamples: number,
    weightedNSamples: number = nSamples,
  ): number {
    const id = this.nodeCount;
    if (id === this.feature.length) this.grow();
    this.nodeCount = id + 1;
    this.feature[id] = TREE_UNDEFINED;
    this.threshold[id] = TREE_UNDEFINED;
    this.left[id] = TREE_LEAF;
    this.right[id] = TREE_LEAF;
    const K = this.nClasses;
    for (let k = 0; k < K; k++) this.value[id * K + k] = counts[k] as number;
    this.impurity[id] = impurity;
    this.nSamples[id] = nSamples;
    this.weightedNSamples[id] = weightedNSamples;
    if (parent >= 0) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    this.probaCache = null;
    this.layout = null;
    return id;
  }

  setSplit(id: number, feature: number, threshold: number): void {
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.layout = null;
  }

  /** Links `child` under `parent` (best-first growth adds children after their parent's split). */
  setChild(parent: number, child: number, isLeft: boolean): void {
    if (isLeft) this.left[parent] = child;
    else this.right[parent] = child;
    this.layout = null;
  }

  private grow(): void {
    const cap = Math.max(16, this.feature.length * 2);
    const K = this.nClasses;
    const g32 = (a: Int32Array, c: number) => {
      const b = new Int32Array(c);
      b.set(a);
      return b;
    };
    const g64 = (a: Float64Array, c: number) => {
      const b = new Float64Array(c);
      b.set(a);
      return b;
    };
    this.feature = g32(this.feature, cap);
    this.threshold = g64(this.threshold, cap);
    this.left = g32(this.left, cap);
    this.right = g32(this.right, cap);
    this.value = g64(this.value, cap * K);
    this.impurity = g64(this.impurity, cap);
    this.nSamples = g64(this.nSamples, cap);
    this.weightedNSamples = g64(this.weightedNSamples, cap);
  }

  /** Node-major class distributions (counts normalized per node), computed once. */
  proba(): Float64Array {
    if (this.probaCache) return this.probaCache;
    const K = this.nClasses;
    const p = new Float64Array(this.nodeCount * K);
    for (let i = 0; i < this.nodeCount; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += this.value[i * K + k] as number;
      // value / sum, as scikit-learn's predict_proba (a sum of 0 leaves the zeros)
      const div = s > 0 ? s : 1;
      for (let k = 0; k < K; k++) p[i * K + k] = (this.value[i * K + k] as number) / div;
    }
    this.probaCache = p;
    return p;
  }

  /**
   * Prediction layout (built once): nodes renumbered so that siblings are adjacent, which lets
   * traversal pick a child without a branch: next = child[i] + (x > threshold[i]).
   */
  predictLayout(): PredictLayout {
    if (this.layout) return this.layout;
    const n = this.nodeCount;
    const feat = new Int32Array(n);
    const thr = new Float64Array(n);
    const child = new Int32Array(n);
    const orig = new Int32Array(n);
    orig[0] = 0;
    let next = 1;
    for (let i = 0; i < n; i++) {
      const o = orig[i] as number;
      const l = this.left[o] as number;
      if (l < 0) {
        feat[i] = -1;
        child[i] = o;
        continue;
      }
      feat[i] = this.feature[o] as number;
      thr[i] = this.threshold[o] as number;
      child[i] = next;
      orig[next] = l;
      orig[next + 1] = this.right[o] as number;
      next += 2;
    }
    this.layout = { feat, thr, child };
    return this.layout;
  }

  /** Index (in node order) of the leaf reached by row `r` of a row-major matrix with `cols` columns. */
  leafOf(X: Float64Array, cols: number, r: number): number {
    const { feat, thr, child } = this.predictLayout();
    const base = r * cols;
    let i = 0;
    let f = feat[0] as number;
    while (f >= 0) {
      i = (child[i] as number) + (Math.fround(X[base + f] as number) > (thr[i] as number) ? 1 : 0);
      f = feat[i] as number;
    }
    return child[i] as number;
  }

  /** Number of leaves. */
  get nLeaves(): number {
    let c = 0;
    for (let i = 0; i < this.nodeCount; i++) if (this.left[i] === TREE_LEAF) c++;
    return c;
  }

  /** Depth of the deepest leaf (root alone: 0). */
  get maxDepth(): number {
    if (this.nodeCount === 0) return 0;
    const depth = new Int32Array(this.nodeCount);
    let best = 0;
    for (let i = 0; i < this.nodeCount; i++) {
      const d = depth[i] as number;
      if (d > best) best = d;
      const l = this.left[i] as number;
      if (l >= 0) {
        depth[l] = d + 1;
        depth[this.right[i] as number] = d + 1;
      }
    }
    return best;
  }

  /**
   * Impurity-decrease importances (scikit-learn's `feature_importances_`): for every split,
   * w_t * imp_t - w_l * imp_l - w_r * imp_r (w: node weights) is credited to its feature; normalized to sum 1
   * (all zeros for a single-leaf tree).
   */
  featureImportances(nFeatures: number): Float64Array {
    const imp = new Float64Array(nFeatures);
    for (let i = 0; i < this.nodeCount; i++) {
      const l = this.left[i] as number;
      if (l < 0) continue;
      const r = this.right[i] as number;
      const w = this.weightedNSamples;
      imp[this.feature[i] as number] +=
        (w[i] as number) * (this.impurity[i] as number) -
        (w[l] as number) * (this.impurity[l] as number) -
        (w[r] as number) * (this.impurity[r] as number);
    }
    let s = 0;
    for (let f = 0; f < nFeatures; f++) s += imp[f] as number;
    if (s > 0) for (let f = 0; f < nFeatures; f++) imp[f] = (imp[f] as number) / s;
    return imp;
  }

  /** Trims capacity to the node count (before transfer or long-term storage). */
  compact(): this {
    const n = this.nodeCount;
    if (this.feature.length === n) return this;
    const K = this.nClasses;
    this.feature = this.feature.slice(0, n);
    this.threshold = this.threshold.slice(0, n);
    this.left = this.left.slice(0, n);
    this.right = this.right.slice(0, n);
    this.value = this.value.slice(0, n * K);
    this.impurity = this.impurity.slice(0, n);
    this.nSamples = this.nSamples.slice(0, n);
    this.weightedNSamples = this.weightedNSamples.slice(0, n);
    return this;
  }

  /** Plain-array state; `withStats` false leaves out impurity and nSamples (prediction needs neither). */
  toState(withStats = true): TreeState {
    const n = this.nodeCount;
    const K = this.nClasses;
    const core = {
      nClasses: K,
      feature: Array.from(this.feature.subarray(0, n)),
      threshold: Array.from(this.threshold.subarray(0, n)),
      left: Array.from(this.left.subarray(0, n)),
      right: Array.from(this.right.subarray(0, n)),
      value: Array.from(this.value.subarray(0, n * K)),
    };
    if (!withStats) return core;
    return {
      ...core,
      impurity: Array.from(this.impurity.subarray(0, n)),
      nSamples: Array.from(this.nSamples.subarray(0, n)),
      weightedNSamples: Array.from(this.weightedNSamples.subarray(0, n)),
    };
  }

  /** The compacted typed arrays (shares memory with this store). */
  toArrays(): TreeArrays {
    this.compact();
    return {
      nClasses: this.nClasses,
      feature: this.feature,
      threshold: this.threshold,
      left: this.left,
      right: this.right,
      value: this.value,
      impurity: this.impurity,
      nSamples: this.nSamples,
      weightedNSamples: this.weightedNSamples,
    };
  }

  static fromArrays(a: TreeArrays): TreeStore {
    const t = new TreeStore(a.nClasses, 0);
    t.feature = a.feature;
    t.threshold = a.threshold;
    t.left = a.left;
    t.right = a.right;
    t.value = a.value;
    t.impurity = a.impurity;
    t.nSamples = a.nSamples;
    t.weightedNSamples = a.weightedNSamples;
    t.nodeCount = a.feature.length;
    return t;
  }

  static fromState(s: TreeState, nFeatures?: number): TreeStore {
    const n = Array.isArray(s?.feature) ? s.feature.length : -1;
    const K = s?.nClasses;
    const ok =
      n > 0 &&
      Number.isInteger(K) &&
      K >= 1 &&
      [s.threshold, s.left, s.right].every((a) => Array.isArray(a) && a.length === n) &&
      [s.impurity, s.nSamples, s.weightedNSamples].every(
        (a) => a === undefined || (Array.isArray(a) && a.length === n),
      ) &&
      Array.isArray(s.value) &&
      s.value.length === n * K;
    if (!ok)
      throw new CheckpointError('tree state is malformed (node arrays missing or of different lengths)');
    const t = new TreeStore(K, n);
    t.feature.set(s.feature);
    t.threshold.set(s.threshold);
    t.left.set(s.left);
    t.right.set(s.right);
    t.value.set(s.value);
    if (s.impurity) t.impurity.set(s.impurity);
    if (s.nSamples) t.nSamples.set(s.nSamples);
    if (s.weightedNSamples) t.weightedNSamples.set(s.weightedNSamples);
    else if (s.nSamples) t.weightedNSamples.set(s.nSamples);
    t.nodeCount = n;
    for (let i = 0; i < n; i++) {
      const l = t.left[i] as number;
      const r = t.right[i] as number;
      const f = t.feature[i] as number;
      const leaf = l === TREE_LEAF;
      const bad = leaf
        ? r !== TREE_LEAF
        : l <= i || r <= i || l >= n || r >= n || f < 0 || (nFeatures !== undefined && f >= nFeatures);
      if (bad) throw new CheckpointError(`tree state is malformed at node ${i}`);
    }
    return t;
  }
}
