/**
 * Depth-first CART growth shared by the exact and histogram splitters (scikit-learn's
 * DepthFirstTreeBuilder): one index array is partitioned in place, nodes are numbered in
 * pre-order (left child first), and a node becomes a leaf on maxDepth, minSamplesSplit,
 * 2 * minSamplesLeaf, purity, no valid split or too small an impurity decrease.
 */
import type { MaybePromise } from '../../core/kernels/contract.js';
import { skImpurity } from './sk-criterion.js';
import type { RandR } from './sk-random.js';
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

/**
 * What growth reads of the entries' labels and weights: per entry (`ys`, `ws`, aligned with the
 * splitter's index and reordered with it: the exact and random splitters), or only the root's
 * class counts when every weight is an integer (the histogram splitter, which reads labels and
 * weights by row: a child's counts then always come exactly from its parent's split).
 */
export type GrowEntries =
  | { readonly ys: Int32Array; readonly ws: Weights }
  | { readonly rootCounts: Float64Array };

/** The root's class counts (into `out`) and whether sums of the weights are exact. */
function rootCountsOf(entries: GrowEntries, m: number, out: Float64Array): boolean {
  if ('rootCounts' in entries) {
    out.set(entries.rootCounts);
    return true;
  }
  const { ys, ws } = entries;
  for (let i = 0; i < m; i++) out[ys[i] as number] += ws[i] as number;
  return exactSums(ws, m);
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

/**
 * What the driver needs from a split-search strategy. Searches that wait on a device kernel
 * answer with a promise; the driver awaits only those, so host searches stay synchronous.
 */
export interface Splitter {
  /**
   * Finds the best split of entries [s, e) whose weighted class counts are `counts` (summing to
   * `n`); false when none is valid.
   */
  findSplit(
    s: number,
    e: number,
    counts: Float64Array,
    n: number,
    hist: number,
    out: SplitResult,
  ): MaybePromise<boolean>;
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
  ): MaybePromise<[number, number]>;
  /** Gives a node's histogram handle back (no-op for -1). */
  release(hist: number): void;
}

/**
 * Per-node random feature order, as scikit-learn's splitters draw it (so that equally good splits
 * are broken the same way): a persistent permutation, features drawn by rand_int over the part
 * not yet drawn, features known to be constant in an ancestor skipped, features found constant
 * at this node moved to the front for the node's descendants. The driver sets `known` (the node's
 * constant count from its parent) before a split search and reads `totalConstants` after it.
 */
export class FeatureSampler {
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  /** Constant features known at the node being searched (its parent's totalConstants). */
  known = 0;
  /** Constant features known after the last search (the children's `known`). */
  totalConstants = 0;
  private fi = 0;
  private visited = 0;
  private found = 0;
  private drawn = 0;
  private current = 0;

  constructor(
    readonly d: number,
    readonly maxFeatures: number,
    private readonly rand: RandR,
  ) {
    this.features = new Int32Array(d);
    for (let f = 0; f < d; f++) this.features[f] = f;
    this.constantFeatures = new Int32Array(d);
  }

  /** Starts a node's search. */
  begin(): void {
    this.fi = this.d;
    this.visited = 0;
    this.found = 0;
    this.drawn = 0;
    this.totalConstants = this.known;
  }

  /** Next feature to examine (report it with `constant()` or `used()`), or -1 when the search is over. */
  next(): number {
    const feats = this.features;
    while (
      this.fi > this.totalConstants &&
      (this.visited < this.maxFeatures || this.visited <= this.found + this.drawn)
    ) {
      this.visited++;
      let j = this.rand.int(this.drawn, this.fi - this.found);
      if (j < this.known) {
        const t = feats[this.drawn] as number;
        feats[this.drawn] = feats[j] as number;
        feats[j] = t;
        this.drawn++;
        continue;
      }
      j += this.found;
      this.current = j;
      return feats[j] as number;
    }
    return -1;
  }

  /** The feature last returned is constant in this node. */
  constant(): void {
    const feats = this.features;
    const j = this.current;
    const t = feats[this.totalConstants] as number;
    feats[this.totalConstants] = feats[j] as number;
    feats[j] = t;
    this.found++;
    this.totalConstants++;
  }

  /** The feature last returned was evaluated. */
  used(): void {
    const feats = this.features;
    this.fi--;
    const t = feats[this.fi] as number;
    feats[this.fi] = feats[this.current] as number;
    feats[this.current] = t;
  }

  /**
   * A whole node's draw when constness is known upfront (a feature is constant when lo[f] ===
   * hi[f], e.g. its occupied histogram bins): writes the non-constant features in draw order to
   * `out` and returns their count. Same draws as next / constant / used, then end.
   */
  drawAll(lo: Int32Array, hi: Int32Array, out: Int32Array): number {
    this.begin();
    let k = 0;
    for (;;) {
      const f = this.next();
      if (f < 0) break;
      if (lo[f] === hi[f]) this.constant();
      else {
        this.used();
        out[k++] = f;
      }
    }
    this.end();
    return k;
  }

  /** Ends a node's search (keeps the constant features in order for siblings and descendants). */
  end(): void {
    const k = this.known;
    for (let i = 0; i < k; i++) this.features[i] = this.constantFeatures[i] as number;
    for (let i = k; i < k + this.found; i++) this.constantFeatures[i] = this.features[i] as number;
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

/** Whether sums of these weights are exact (integers): then a child's counts may be the parent's minus the sibling's. */
function exactSums(ws: Weights, m: number): boolean {
  if (ws instanceof Int32Array) return true;
  for (let i = 0; i < m; i++) if (!Number.isInteger(ws[i] as number)) return false;
  return true;
}

/**
 * Class counts of entries [s, e) accumulated afresh (as scikit-learn's node_reset does), so that a
 * pure node's count equals its total exactly and its impurity is exactly 0; returns the total.
 */
function accumulateCounts(ys: Int32Array, ws: Weights, s: number, e: number, out: Float64Array): number {
  out.fill(0);
  let n = 0;
  for (let i = s; i < e; i++) {
    const w = ws[i] as number;
    out[ys[i] as number] += w;
    n += w;
  }
  return n;
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
 * Grows one tree over the entries [0, m) of the splitter's index array (reordered in place, with
 * the aligned labels and weights of `entries` when it has them): depth-first (scikit-learn's DepthFirstTreeBuilder)
 * or, with a finite maxLeafNodes, best-first (BestFirstTreeBuilder).
 */
export async function growTree(
  splitter: Splitter,
  sampler: FeatureSampler,
  m: number,
  entries: GrowEntries,
  nClasses: number,
  p: TreeGrowParams,
  rootHist = -1,
): Promise<TreeStore> {
  if (Number.isFinite(p.maxLeafNodes)) {
    return growBestFirst(splitter, sampler, m, entries, nClasses, p, rootHist);
  }
  const K = nClasses;
  const entropy = p.criterion === 'entropy';
  const impurityOf = (c: Float64Array, _o: number, k: number, n: number): number =>
    skImpurity(entropy, c, k, n);
  const store = new TreeStore(K, 256);
  const rules = rulesOf(p);
  const counts = new Float64Array(K);
  const countsRight = new Float64Array(K);
  const split: SplitResult = { feature: -1, threshold: 0, countsLeft: new Float64Array(K), nLeft: 0 };
  // Pending nodes: start, end, depth, parent, isLeft, known constant features, hist per stack
  // slot; their class counts (known from the parent's split) in `pend` at slot * K, their
  // impurity in `pendImp`.
  const stack: number[] = [0, m, 0, -1, 0, 0, rootHist];
  let pend = new Float64Array(64 * K);
  let pendImp = new Float64Array(64);
  const exact = rootCountsOf(entries, m, pend);
  let total = 0;
  for (let k = 0; k < K; k++) total += pend[k] as number;
  pendImp[0] = impurityOf(pend, 0, K, total);
  while (stack.length > 0) {
    const hist = stack.pop() as number;
    const nConst = stack.pop() as number;
    const isLeft = stack.pop() === 1;
    const parent = stack.pop() as number;
    const depth = stack.pop() as number;
    const e = stack.pop() as number;
    const s = stack.pop() as number;
    const slot = stack.length / 7;
    let n = 0;
    for (let k = 0; k < K; k++) {
      const c = pend[slot * K + k] as number;
      counts[k] = c;
      n += c;
    }
    const impurity = pendImp[slot] as number;
    const id = store.addNode(parent, isLeft, counts, impurity, e - s, n);
    let leaf = mustBeLeaf(rules, depth, e - s, n, impurity);
    sampler.known = nConst;
    sampler.totalConstants = nConst;
    if (!leaf) {
      const found = splitter.findSplit(s, e, counts, n, hist, split);
      leaf = !(typeof found === 'boolean' ? found : await found);
    }
    const childConst = sampler.totalConstants;
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
    let wL = nL;
    let wR = nR;
    if (!exact && 'ys' in entries) {
      // real weights: children's counts afresh (pure children get impurity exactly 0)
      wL = accumulateCounts(entries.ys, entries.ws, s, pos, split.countsLeft);
      wR = accumulateCounts(entries.ys, entries.ws, pos, e, countsRight);
      impL = impurityOf(split.countsLeft, 0, K, wL);
      impR = impurityOf(countsRight, 0, K, wR);
    }
    const childDepth = depth + 1;
    const needL = !mustBeLeaf(rules, childDepth, pos - s, wL, impL);
    const needR = !mustBeLeaf(rules, childDepth, e - pos, wR, impR);
    const children = splitter.childHistograms(hist, s, pos, e, needL, needR);
    const [hl, hr] = children instanceof Promise ? await children : children;
    if ((slot + 2) * K > pend.length) {
      const bigger = new Float64Array(pend.length * 2);
      bigger.set(pend);
      pend = bigger;
      const biggerImp = new Float64Array(pendImp.length * 2);
      biggerImp.set(pendImp);
      pendImp = biggerImp;
    }
    stack.push(pos, e, childDepth, id, 0, childConst, hr);
    pend.set(countsRight, slot * K);
    pendImp[slot] = impR;
    stack.push(s, pos, childDepth, id, 1, childConst, hl);
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
  /** Constant features known to the children. */
  readonly nConst: number;
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
async function growBestFirst(
  splitter: Splitter,
  sampler: FeatureSampler,
  m: number,
  entries: GrowEntries,
  nClasses: number,
  p: TreeGrowParams,
  rootHist: number,
): Promise<TreeStore> {
  const K = nClasses;
  const entropy = p.criterion === 'entropy';
  const impurityOf = (c: Float64Array, _o: number, k: number, n: number): number =>
    skImpurity(entropy, c, k, n);
  const store = new TreeStore(K, 64);
  const rules = rulesOf(p);
  const split: SplitResult = { feature: -1, threshold: 0, countsLeft: new Float64Array(K), nLeft: 0 };
  const rootCounts = new Float64Array(K);
  const exact = rootCountsOf(entries, m, rootCounts);
  let total = 0;
  for (let k = 0; k < K; k++) total += rootCounts[k] as number;

  const addSplitNode = async (
    s: number,
    e: number,
    counts: Float64Array,
    impurity: number,
    parent: number,
    isLeft: boolean,
    depth: number,
    hist: number,
    nConst: number,
  ): Promise<FrontierRecord> => {
    let n = 0;
    for (let k = 0; k < K; k++) n += counts[k] as number;
    const node = store.addNode(parent, isLeft, counts, impurity, e - s, n);
    let leaf = mustBeLeaf(rules, depth, e - s, n, impurity);
    sampler.known = nConst;
    sampler.totalConstants = nConst;
    if (!leaf) {
      const found = splitter.findSplit(s, e, counts, n, hist, split);
      leaf = !(typeof found === 'boolean' ? found : await found);
    }
    const childConst = sampler.totalConstants;
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
        nConst: childConst,
      };
    }
    const feature = split.feature;
    const threshold = split.threshold;
    const pos = splitter.partition(s, e, split);
    let wL = split.nLeft;
    let wR = n - wL;
    if (!exact && 'ys' in entries) {
      wL = accumulateCounts(entries.ys, entries.ws, s, pos, countsL);
      wR = accumulateCounts(entries.ys, entries.ws, pos, e, countsR);
      impL = impurityOf(countsL, 0, K, wL);
      impR = impurityOf(countsR, 0, K, wR);
    }
    const needL = !mustBeLeaf(rules, depth + 1, pos - s, wL, impL);
    const needR = !mustBeLeaf(rules, depth + 1, e - pos, wR, impR);
    const children = splitter.childHistograms(hist, s, pos, e, needL, needR);
    const [histL, histR] = children instanceof Promise ? await children : children;
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
      nConst: childConst,
    };
  };

  let maxSplitNodes = p.maxLeafNodes - 1;
  const frontier: FrontierRecord[] = [];
  heapPush(
    frontier,
    await addSplitNode(0, m, rootCounts, impurityOf(rootCounts, 0, K, total), -1, true, 0, rootHist, 0),
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
    const left = await addSplitNode(
      rec.s,
      rec.pos,
      rec.countsL,
      rec.impL,
      rec.node,
      true,
      rec.depth + 1,
      rec.histL,
      rec.nConst,
    );
    const right = await addSplitNode(
      rec.pos,
      rec.e,
      rec.countsR,
      rec.impR,
      rec.node,
      false,
      rec.depth + 1,
      rec.histR,
      rec.nConst,
    );
    heapPush(frontier, left);
    heapPush(frontier, right);
  }
  return store.compact();
}
