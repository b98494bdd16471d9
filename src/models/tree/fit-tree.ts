/**
 * Fits one tree on prepared features (binned for the histogram splitter, ranked for the exact
 * one). Forests prepare once and call this per tree with the tree's bootstrap sample and seed.
 */
import type { Matrix } from '../../core/matrix.js';
import { Rng } from '../../core/rng.js';
import { type BinnedFeatures, binFeatures, type RankedFeatures, rankFeatures } from './binning.js';
import { ExactSplitter } from './exact-splitter.js';
import { FeatureSampler, type GrowParams, growTree } from './grow.js';
import { HistSplitter, SMALL_NODE } from './hist-splitter.js';
import type { TreeStore } from './tree-store.js';

export type PreparedFeatures =
  | { readonly kind: 'hist'; readonly binned: BinnedFeatures }
  | { readonly kind: 'exact'; readonly ranked: RankedFeatures };

/** Bins (splitter 'hist') or ranks (splitter 'best') every feature once; `shared` uses SharedArrayBuffers. */
export function prepareFeatures(
  X: Matrix,
  splitter: 'best' | 'hist',
  maxBins: number,
  shared = false,
): PreparedFeatures {
  return splitter === 'hist'
    ? { kind: 'hist', binned: binFeatures(X, maxBins, shared) }
    : { kind: 'exact', ranked: rankFeatures(X, shared) };
}

/**
 * Grows a tree on the rows `idx` (default: all; duplicates allowed, e.g. a bootstrap sample: each
 * drawn row is kept once with its multiplicity as an integer weight).
 */
export function fitTree(
  prepared: PreparedFeatures,
  y: Int32Array,
  nClasses: number,
  params: GrowParams,
  seed: number,
  idx?: Int32Array,
): TreeStore {
  const n = y.length;
  let rows: Int32Array;
  let ws: Int32Array;
  if (idx) {
    const mult = new Int32Array(n);
    for (let j = 0; j < idx.length; j++) mult[idx[j] as number]++;
    let u = 0;
    for (let i = 0; i < n; i++) if (mult[i]) u++;
    rows = new Int32Array(u);
    ws = new Int32Array(u);
    u = 0;
    for (let i = 0; i < n; i++) {
      if (mult[i]) {
        rows[u] = i;
        ws[u++] = mult[i] as number;
      }
    }
  } else {
    rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    ws = new Int32Array(n).fill(1);
  }
  const m = rows.length;
  const ys = new Int32Array(m);
  for (let i = 0; i < m; i++) ys[i] = y[rows[i] as number] as number;
  const rng = new Rng(seed);
  const d = prepared.kind === 'hist' ? prepared.binned.d : prepared.ranked.d;
  const sampler = new FeatureSampler(d, params.maxFeatures, (k) => rng.int(k));
  if (prepared.kind === 'hist') {
    const splitter = new HistSplitter(
      prepared.binned,
      rows,
      ys,
      ws,
      nClasses,
      params,
      sampler,
      idx ? idx.length : n,
    );
    const root = splitter.full && m > SMALL_NODE ? splitter.buildFull(0, m) : -1;
    return growTree(splitter, m, ys, ws, nClasses, params, root);
  }
  const splitter = new ExactSplitter(prepared.ranked, rows, ys, ws, nClasses, params, sampler);
  return growTree(splitter, m, ys, ws, nClasses, params);
}
