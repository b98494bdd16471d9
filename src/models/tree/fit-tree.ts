/**
 * Fits one tree on prepared features (binned for the histogram splitter, ranked for the exact
 * one). Forests prepare once and call this per tree with the tree's bootstrap sample and seed.
 */
import type { TreeKernels } from '../../core/kernels/tree.js';
import type { Matrix } from '../../core/matrix.js';
import { type BinnedFeatures, binFeatures, type RankedFeatures, rankFeatures } from './binning.js';
import { ExactSplitter } from './exact-splitter.js';
import { FeatureSampler, type GrowParams, growTree, type TreeGrowParams } from './grow.js';
import { type HistogramKernel, HistSplitter, SMALL_NODE } from './hist-splitter.js';
import { pruneTree } from './prune.js';
import { RandomSplitter } from './random-splitter.js';
import { numpyRandRState, RandR } from './sk-random.js';
import type { TreeStore } from './tree-store.js';

export type PreparedFeatures =
  | { readonly kind: 'hist'; readonly binned: BinnedFeatures }
  | { readonly kind: 'exact'; readonly ranked: RankedFeatures };

/**
 * Bins (splitter 'hist', codes by the device's binMatrix kernel) or ranks (splitter 'best') every
 * feature once; `shared` uses SharedArrayBuffers.
 */
export async function prepareFeatures(
  kernels: Pick<TreeKernels, 'binMatrix'>,
  X: Matrix,
  splitter: 'best' | 'hist',
  maxBins: number,
  shared = false,
): Promise<PreparedFeatures> {
  return splitter === 'hist'
    ? { kind: 'hist', binned: await binFeatures(kernels, X, maxBins, shared) }
    : { kind: 'exact', ranked: rankFeatures(X, shared) };
}

/** Per-tree sampling of the rows: bootstrap draws and / or per-row weights. */
export interface TreeSample {
  /** Drawn rows (duplicates allowed, e.g. a bootstrap sample): each counts its multiplicity. */
  readonly idx?: Int32Array;
  /** Per-row weights (length n), multiplied with the multiplicities; rows of weight 0 are left out. */
  readonly weights?: Float64Array | null;
  /** Splitter 'random' instead of the exact one on ranked features. */
  readonly random?: boolean;
  /**
   * State of the splitter's random stream; default: scikit-learn's for `random_state = seed`
   * (numpy's RandomState(seed).randint(0, RAND_R_MAX)).
   */
  readonly randState?: number;
}

/** Whether every weight is an integer (the histogram splitter's integer histograms need that). */
export function integralWeights(w: Float64Array | null | undefined): boolean {
  if (!w) return true;
  let total = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i] as number;
    if (!Number.isInteger(v)) return false;
    total += v;
  }
  return total < 2 ** 30;
}

/**
 * Grows a tree on the rows of `sample` (default: all, weight 1). A row's weight is its multiplicity
 * in `idx` times its entry of `weights`; rows of weight 0 do not take part (scikit-learn's rule), so
 * sample counts (minSamplesLeaf, minSamplesSplit, nSamples) count distinct rows. The tree is pruned
 * with ccpAlpha when it is positive. Histograms (splitter 'hist') are built by `kernels`.
 */
export async function fitTree(
  kernels: HistogramKernel,
  prepared: PreparedFeatures,
  y: Int32Array,
  nClasses: number,
  params: GrowParams,
  seed: number,
  sample: TreeSample = {},
): Promise<TreeStore> {
  const n = y.length;
  const { idx, weights } = sample;
  let mult: Int32Array | null = null;
  if (idx) {
    mult = new Int32Array(n);
    for (let j = 0; j < idx.length; j++) mult[idx[j] as number]++;
  }
  let m = 0;
  let unit = true;
  let total = 0;
  const wOf = (i: number): number =>
    (mult ? (mult[i] as number) : 1) * (weights ? (weights[i] as number) : 1);
  for (let i = 0; i < n; i++) {
    const w = wOf(i);
    if (w > 0) {
      m++;
      total += w;
      if (w !== 1) unit = false;
    }
  }
  const rows = new Int32Array(m);
  for (let i = 0, u = 0; i < n; i++) if (wOf(i) > 0) rows[u++] = i;
  const grow: TreeGrowParams = { ...params, minWeightLeaf: params.minWeightFractionLeaf * total };
  const rand = new RandR(sample.randState ?? numpyRandRState(seed));
  const d = prepared.kind === 'hist' ? prepared.binned.d : prepared.ranked.d;
  const sampler = new FeatureSampler(d, params.maxFeatures, rand);
  let tree: TreeStore;
  if (prepared.kind === 'hist') {
    // labels and integer weights are read by row (no per-entry copies); the root's counts are
    // integer sums, exact in any order
    let wRow: Float64Array | null = null;
    if (!unit) {
      wRow = new Float64Array(n);
      for (let u = 0; u < m; u++) wRow[rows[u] as number] = wOf(rows[u] as number);
    }
    const rootCounts = new Float64Array(nClasses);
    for (let u = 0; u < m; u++) {
      const r = rows[u] as number;
      rootCounts[y[r] as number] += wRow ? (wRow[r] as number) : 1;
    }
    const splitter = new HistSplitter(
      kernels,
      prepared.binned,
      y,
      wRow,
      rows,
      nClasses,
      grow,
      sampler,
      Math.ceil(total),
      unit,
    );
    const root = splitter.full && m > SMALL_NODE ? await splitter.buildFull(0, m) : -1;
    tree = await growTree(splitter, sampler, m, { rootCounts }, nClasses, grow, root);
  } else {
    const ys = new Int32Array(m);
    const wsF = new Float64Array(m);
    for (let u = 0; u < m; u++) {
      const r = rows[u] as number;
      ys[u] = y[r] as number;
      wsF[u] = wOf(r);
    }
    const splitter = sample.random
      ? new RandomSplitter(prepared.ranked, rows, ys, wsF, nClasses, grow, sampler, rand)
      : new ExactSplitter(prepared.ranked, rows, ys, wsF, nClasses, grow, sampler);
    tree = await growTree(splitter, sampler, m, { ys, ws: wsF }, nClasses, grow);
  }
  return params.ccpAlpha > 0 ? pruneTree(tree, params.ccpAlpha) : tree;
}
