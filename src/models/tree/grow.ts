/**
 * Depth-first CART growth shared by the exact and histogram splitters (scikit-learn's
 * DepthFirstTreeBuilder): one index array is partitioned in place, nodes are numbered in
 * pre-order (left child first), and a node becomes a leaf on maxDepth, minSamplesSplit,
 * 2 * minSamplesLeaf, purity, no valid split or too small an impurity decrease.
 */
import { entropyImpurity } from '../../losses/entropy.js';
import { giniImpurity } from '../../losses/gini.js';
import { TreeStore } from './tree-store.js';

/** scikit-learn's EPSILON (double machine epsilon) for purity and improvement tests. */
export const EPSILON = 2.220446049250313e-16;

/** Resolved growth parameters (all counts are sample counts; bootstrap duplicates count). */
export interface GrowParams {
  readonly criterion: 'gini' | 'entropy';
  /** Infinity when unlimited. */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Features examined per split (non-constant ones counted), 1..d. */
  readonly maxFeatures: number;
  readonly minImpurityDecrease: number;
}

/** The best split a splitter found at a node. */
export interface SplitResult {
  feature: number;
  threshold: number;
  /** Left (weighted) class counts (length K). */
  readonly countsLeft: Float64Array;
  /** Left weighted sample count. */
  nLeft: number;
}

/** What the driver needs from a split-search strategy. */
export interface Splitter {
  /**
   * Finds the best split of entries [s, e) whose weighted class counts are `counts` (summing to
   * `n`); false when none is valid.
   */
  findSplit(s: number, e: number, counts: Float64Array, n: number, hist: number, out: SplitResult): boolean;
  /** Reorders [s, e) so the left entries come first; returns the first right position. */
  partition(s: number, e: number, split: SplitResult): number;
  /** Histogram handles for the children (-1: none); consumes the parent's handle. */
  childHistograms(
    parentHist: number,
    s: number,
    pos: number,
    e: number,
    needLeft: boolean,
    needRight: boolean,
  ): [number, number];
  /** Gives a node's histogram handle back (no-op for -1). */
  release(hist: number): void;
}

/** Per-node random feature order: partial Fisher-Yates over a persistent permutation. */
export class FeatureSampler {
  private readonly perm: Int32Array;
  private remaining = 0;
  private readonly all: boolean;

  constructor(
    readonly d: number,
    readonly maxFeatures: number,
    private readonly rand: (n: number) => number,
  ) {
    this.perm = new Int32Array(d);
    for (let f = 0; f < d; f++) this.perm[f] = f;
    this.all = maxFeatures >= d;
  }

  /** Starts a node: every feature becomes drawable again. */
  begin(): void {
    this.remaining = this.d;
  }

  /** Next feature to examine, or -1 when all were drawn (natural order when every feature is used). */
  next(): number {
    if (this.remaining === 0) return -1;
    if (this.all) return this.d - this.remaining--;
    const j = this.rand(this.remaining);
    const last = --this.remaining;
    const f = this.perm[j] as number;
    this.perm[j] = this.perm[last] as number;
    this.perm[last] = f;
    return f;
  }
}

/**
 * Grows one tree over the entries [0, m) of the splitter's index array (labels `ys` and integer
 * weights `ws` aligned with it, all reordered in place). A weight is a sample's multiplicity (a
 * bootstrap sample keeps each drawn row once with its count); every count below is weighted.
 */
export function growTree(
  splitter: Splitter,
  m: number,
  ys: Int32Array,
  ws: Int32Array,
  nClasses: number,
  p: GrowParams,
  rootHist = -1,
): TreeStore {
  const K = nClasses;
  const impurityOf = p.criterion === 'entropy' ? entropyImpurity : giniImpurity;
  const store = new TreeStore(K, 256);
  const minSplit = Math.max(p.minSamplesSplit, 2 * p.minSamplesLeaf);
  const counts = new Float64Array(K);
  const countsRight = new Float64Array(K);
  const split: SplitResult = { feature: -1, threshold: 0, countsLeft: new Float64Array(K), nLeft: 0 };
  // Pending nodes: start, end, depth, parent, isLeft, hist per stack slot; their class counts
  // (known from the parent's split) in `pend` at slot * K.
  const stack: number[] = [0, m, 0, -1, 0, rootHist];
  let pend = new Float64Array(64 * K);
  for (let i = 0; i < m; i++) pend[ys[i] as number] += ws[i] as number;
  let total = 0;
  for (let k = 0; k < K; k++) total += pend[k] as number;
  while (stack.length > 0) {
    const hist = stack.pop() as number;
    const isLeft = stack.pop() === 1;
    const parent = stack.pop() as number;
    const depth = stack.pop() as number;
    const e = stack.pop() as number;
    const s = stack.pop() as number;
    const slot = stack.length / 6;
    let n = 0;
    for (let k = 0; k < K; k++) {
      const c = pend[slot * K + k] as number;
      counts[k] = c;
      n += c;
    }
    const impurity = impurityOf(counts, 0, K, n);
    const id = store.addNode(parent, isLeft, counts, impurity, n);
    let leaf = depth >= p.maxDepth || n < minSplit || impurity <= EPSILON;
    if (!leaf) leaf = !splitter.findSplit(s, e, counts, n, hist, split);
    let impL = 0;
    let impR = 0;
    const nL = split.nLeft;
    const nR = n - nL;
    if (!leaf) {
      for (let k = 0; k < K; k++) countsRight[k] = (counts[k] as number) - (split.countsLeft[k] as number);
      impL = impurityOf(split.countsLeft, 0, K, nL);
      impR = impurityOf(countsRight, 0, K, nR);
      const improvement = (n / total) * (impurity - (nR / n) * impR - (nL / n) * impL);
      leaf = improvement + EPSILON < p.minImpurityDecrease;
    }
    if (leaf) {
      splitter.release(hist);
      continue;
    }
    store.setSplit(id, split.feature, split.threshold);
    const pos = splitter.partition(s, e, split);
    const childDepth = depth + 1;
    const needL = childDepth < p.maxDepth && nL >= minSplit && impL > EPSILON;
    const needR = childDepth < p.maxDepth && nR >= minSplit && impR > EPSILON;
    const [hl, hr] = splitter.childHistograms(hist, s, pos, e, needL, needR);
    if ((slot + 2) * K > pend.length) {
      const bigger = new Float64Array(pend.length * 2);
      bigger.set(pend);
      pend = bigger;
    }
    stack.push(pos, e, childDepth, id, 0, hr);
    pend.set(countsRight, slot * K);
    stack.push(s, pos, childDepth, id, 1, hl);
    pend.set(split.countsLeft, (slot + 1) * K);
  }
  return store.compact();
}
