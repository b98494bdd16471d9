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

/**
 * Resolved growth parameters. Sample counts (minSamplesSplit, minSamplesLeaf) count training rows
 * with a positive weight (a bootstrap sample's distinct rows), as scikit-learn does; weights (sample
 * weights x class weights x bootstrap counts) enter impurities, class counts and minWeightLeaf.
 */
export interface GrowParams {
  readonly criterion: 'gini' | 'entropy';
  /** Infinity when unlimited. */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Minimum weight of a leaf as a fraction of the tree's total weight (scikit-learn's min_weight_fraction_leaf). */
  readonly minWeightFractionLeaf: number;
  /** Features examined per split (non-constant ones counted), 1..d. */
  readonly maxFeatures: number;
  readonly minImpurityDecrease: number;
  /** Best-first growth up to this many leaves; Infinity: depth-first, unlimited. */
  readonly maxLeafNodes: number;
  /** Minimal cost-complexity pruning parameter (0: no pruning). */
  readonly ccpAlpha: number;
}

/** GrowParams with the per-tree minimum leaf weight resolved (fraction x total weight). */
export interface TreeGrowParams extends GrowParams {
  readonly minWeightLeaf: number;
}

/** Per-entry sample weights: integer multiplicities (histogram splitter) or real weights. */
export type Weights = Int32Array | Float64Array;

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

/** What the node-level stopping rules need (scikit-learn's DepthFirst/BestFirst builders). */
interface NodeRules {
  readonly maxDepth: number;
  readonly minSplit: number;
  readonly minWeightLeaf: number;
}

function rulesOf(p: TreeGrowParams): NodeRules {
  return {
    maxDepth: p.maxDepth,
    minSplit: Math.max(p.minSamplesSplit, 2 * p.minSamplesLeaf),
    minWeightLeaf: p.minWeightLeaf,
  };
}

/** Whether a node of `rows` entries, weight `w`, impurity `imp` at `depth` is a leaf before any split search. */
function mustBeLeaf(r: NodeRules, depth: number, rows: number, w: number, imp: number): boolean {
  return depth >= r.maxDepth || rows < r.minSplit || w < 2 * r.minWeightLeaf || imp <= EPSILON;
}

/** scikit-learn's impurity_improvement: (N_t / N) * (imp - N_r / N_t * imp_r - N_l / N_t * imp_l), weighted. */
export function impurityImprovement(
  n: number,
  total: number,
  imp: number,
  nL: number,
  impL: number,
  nR: number,
  impR: number,
): number {
  return (n / total) * (imp - (nR / n) * impR - (nL / n) * impL);
}

/**
 * Grows one tree over the entries [0, m) of the splitter's index array (labels `ys` and weights
 * `ws` aligned with it, all reordered in place): depth-first (scikit-learn's DepthFirstTreeBuilder)
 * or, with a finite maxLeafNodes, best-first (BestFirstTreeBuilder).
 */
export function growTree(
  splitter: Splitter,
  m: number,
  ys: Int32Array,
  ws: Weights,
  nClasses: number,
  p: TreeGrowParams,
  rootHist = -1,
): TreeStore {
  if (Number.isFinite(p.maxLeafNodes)) return growBestFirst(splitter, m, ys, ws, nClasses, p, rootHist);
  const K = nClasses;
  const impurityOf = p.criterion === 'entropy' ? entropyImpurity : giniImpurity;
  const store = new TreeStore(K, 256);
  const rules = rulesOf(p);
  const counts = new Float64Array(K);
  const countsRight = new Float64Array(K);
  const split: SplitResult = { feature: -1, threshold: 0, countsLeft: new Float64Array(K), nLeft: 0 };
  // Pending nodes: start, end, depth, parent, isLeft, hist per stack slot; their class counts
  // (known from the parent's split) in `pend` at slot * K, their impurity in `pendImp`.
  const stack: number[] = [0, m, 0, -1, 0, rootHist];
  let pend = new Float64Array(64 * K);
  let pendImp = new Float64Array(64);
  for (let i = 0; i < m; i++) pend[ys[i] as number] += ws[i] as number;
  let total = 0;
  for (let k = 0; k < K; k++) total += pend[k] as number;
  pendImp[0] = impurityOf(pend, 0, K, total);
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
    const impurity = pendImp[slot] as number;
    const id = store.addNode(parent, isLeft, counts, impurity, e - s, n);
    let leaf = mustBeLeaf(rules, depth, e - s, n, impurity);
    if (!leaf) leaf = !splitter.findSplit(s, e, counts, n, hist, split);
    let impL = 0;
    let impR = 0;
    const nL = split.nLeft;
    const nR = n - nL;
    if (!leaf) {
      for (let k = 0; k < K; k++) countsRight[k] = (counts[k] as number) - (split.countsLeft[k] as number);
      impL = impurityOf(split.countsLeft, 0, K, nL);
      impR = impurityOf(countsRight, 0, K, nR);
      leaf = impurityImprovement(n, total, impurity, nL, impL, nR, impR) + EPSILON < p.minImpurityDecrease;
    }
    if (leaf) {
      splitter.release(hist);
      continue;
    }
    store.setSplit(id, split.feature, split.threshold);
    const pos = splitter.partition(s, e, split);
    const childDepth = depth + 1;
    const needL = !mustBeLeaf(rules, childDepth, pos - s, nL, impL);
    const needR = !mustBeLeaf(rules, childDepth, e - pos, nR, impR);
    const [hl, hr] = splitter.childHistograms(hist, s, pos, e, needL, needR);
    if ((slot + 2) * K > pend.length) {
      const bigger = new Float64Array(pend.length * 2);
      bigger.set(pend);
      pend = bigger;
      const biggerImp = new Float64Array(pendImp.length * 2);
      biggerImp.set(pendImp);
      pendImp = biggerImp;
    }
    stack.push(pos, e, childDepth, id, 0, hr);
    pend.set(countsRight, slot * K);
    pendImp[slot] = impR;
    stack.push(s, pos, childDepth, id, 1, hl);
    pend.set(split.countsLeft, (slot + 1) * K);
    pendImp[slot + 1] = impL;
  }
  return store.compact();
}

/** A node of the best-first frontier (scikit-learn's FrontierRecord), split already searched and applied. */
interface FrontierRecord {
  readonly node: number;
  readonly s: number;
  readonly e: number;
  readonly pos: number;
  readonly depth: number;
  readonly isLeaf: boolean;
  readonly improvement: number;
  readonly impL: number;
  readonly impR: number;
  readonly countsL: Float64Array;
  readonly countsR: Float64Array;
  readonly feature: number;
  readonly threshold: number;
  readonly histL: number;
  readonly histR: number;
}

const lessImprovement = (a: FrontierRecord, b: FrontierRecord): boolean => a.improvement < b.improvement;

/** Sift-up of the C++ standard library's heap (libstdc++ __push_heap), so ties pop in scikit-learn's order. */
function siftUp(h: FrontierRecord[], hole: number, top: number, value: FrontierRecord): void {
  let parent = (hole - 1) >> 1;
  while (hole > top && lessImprovement(h[parent] as FrontierRecord, value)) {
    h[hole] = h[parent] as FrontierRecord;
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  h[hole] = value;
}

/** std::push_heap after a push_back. */
export function heapPush(h: FrontierRecord[], rec: FrontierRecord): void {
  h.push(rec);
  siftUp(h, h.length - 1, 0, rec);
}

/** std::pop_heap then back() / pop_back(): the record with the largest improvement. */
export function heapPop(h: FrontierRecord[]): FrontierRecord {
  const len = h.length;
  if (len > 1) {
    const last = len - 1;
    const value = h[last] as FrontierRecord;
    h[last] = h[0] as FrontierRecord;
    // __adjust_heap(first, 0, last, value)
    let hole = 0;
    let second = 0;
    while (second < (last - 1) >> 1) {
      second = 2 * (second + 1);
      if (lessImprovement(h[second] as FrontierRecord, h[second - 1] as FrontierRecord)) second--;
      h[hole] = h[second] as FrontierRecord;
      hole = second;
    }
    if ((last & 1) === 0 && second === (last - 2) >> 1) {
      second = 2 * (second + 1);
      h[hole] = h[second - 1] as FrontierRecord;
      hole = second - 1;
    }
    siftUp(h, hole, 0, value);
  }
  return h.pop() as FrontierRecord;
}

/**
 * Best-first growth (scikit-learn's BestFirstTreeBuilder): a node's split is searched and applied
 * when the node is created; the frontier node with the largest weighted impurity improvement is
 * expanded next, until maxLeafNodes - 1 nodes are split. Nodes are numbered in creation order.
 */
function growBestFirst(
  splitter: Splitter,
  m: number,
  ys: Int32Array,
  ws: Weights,
  nClasses: number,
  p: TreeGrowParams,
  rootHist: number,
): TreeStore {
  const K = nClasses;
  const impurityOf = p.criterion === 'entropy' ? entropyImpurity : giniImpurity;
  const store = new TreeStore(K, 64);
  const rules = rulesOf(p);
  const split: SplitResult = { feature: -1, threshold: 0, countsLeft: new Float64Array(K), nLeft: 0 };
  const rootCounts = new Float64Array(K);
  for (let i = 0; i < m; i++) rootCounts[ys[i] as number] += ws[i] as number;
  let total = 0;
  for (let k = 0; k < K; k++) total += rootCounts[k] as number;

  const addSplitNode = (
    s: number,
    e: number,
    counts: Float64Array,
    impurity: number,
    parent: number,
    isLeft: boolean,
    depth: number,
    hist: number,
  ): FrontierRecord => {
    let n = 0;
    for (let k = 0; k < K; k++) n += counts[k] as number;
    const node = store.addNode(parent, isLeft, counts, impurity, e - s, n);
    let leaf = mustBeLeaf(rules, depth, e - s, n, impurity);
    if (!leaf) leaf = !splitter.findSplit(s, e, counts, n, hist, split);
    let improvement = 0;
    let impL = impurity;
    let impR = impurity;
    const countsL = new Float64Array(K);
    const countsR = new Float64Array(K);
    if (!leaf) {
      const nL = split.nLeft;
      const nR = n - nL;
      for (let k = 0; k < K; k++) {
        countsL[k] = split.countsLeft[k] as number;
        countsR[k] = (counts[k] as number) - (split.countsLeft[k] as number);
      }
      impL = impurityOf(countsL, 0, K, nL);
      impR = impurityOf(countsR, 0, K, nR);
      improvement = impurityImprovement(n, total, impurity, nL, impL, nR, impR);
      leaf = improvement + EPSILON < p.minImpurityDecrease;
    }
    if (leaf) {
      splitter.release(hist);
      return {
        node,
        s,
        e,
        pos: e,
        depth,
        isLeaf: true,
        improvement: 0,
        impL: impurity,
        impR: impurity,
        countsL,
        countsR,
        feature: -1,
        threshold: 0,
        histL: -1,
        histR: -1,
      };
    }
    const feature = split.feature;
    const threshold = split.threshold;
    const pos = splitter.partition(s, e, split);
    const nL = split.nLeft;
    const needL = !mustBeLeaf(rules, depth + 1, pos - s, nL, impL);
    const needR = !mustBeLeaf(rules, depth + 1, e - pos, n - nL, impR);
    const [histL, histR] = splitter.childHistograms(hist, s, pos, e, needL, needR);
    return {
      node,
      s,
      e,
      pos,
      depth,
      isLeaf: false,
      improvement,
      impL,
      impR,
      countsL,
      countsR,
      feature,
      threshold,
      histL,
      histR,
    };
  };

  let maxSplitNodes = p.maxLeafNodes - 1;
  const frontier: FrontierRecord[] = [];
  heapPush(
    frontier,
    addSplitNode(0, m, rootCounts, impurityOf(rootCounts, 0, K, total), -1, true, 0, rootHist),
  );
  while (frontier.length > 0) {
    const rec = heapPop(frontier);
    if (rec.isLeaf || maxSplitNodes <= 0) {
      splitter.release(rec.histL);
      splitter.release(rec.histR);
      continue;
    }
    maxSplitNodes--;
    store.setSplit(rec.node, rec.feature, rec.threshold);
    const left = addSplitNode(
      rec.s,
      rec.pos,
      rec.countsL,
      rec.impL,
      rec.node,
      true,
      rec.depth + 1,
      rec.histL,
    );
    const right = addSplitNode(
      rec.pos,
      rec.e,
      rec.countsR,
      rec.impR,
      rec.node,
      false,
      rec.depth + 1,
      rec.histR,
    );
    heapPush(frontier, left);
    heapPush(frontier, right);
  }
  return store.compact();
}
