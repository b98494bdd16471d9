/**
 * One tree of a forest, a pure function of the shared prepared features and the tree's index:
 * its seed comes from the forest seed and the index (never from worker order), so a forest is
 * the same whatever nJobs is. The bootstrap sample can be regenerated (out-of-bag scoring).
 */
import { Rng } from '../../core/rng.js';
import { fitTree, type PreparedFeatures } from '../tree/fit-tree.js';
import type { GrowParams } from '../tree/grow.js';
import type { TreeStore } from '../tree/tree-store.js';

/** Everything needed to grow tree i of a forest (structured-cloneable; big arrays may be shared). */
export interface ForestJob {
  readonly prepared: PreparedFeatures;
  readonly y: Int32Array;
  readonly nClasses: number;
  readonly grow: GrowParams;
  readonly seed: number;
  readonly bootstrap: boolean;
  /** Bootstrap sample size (ignored without bootstrap). */
  readonly nSamples: number;
  /** Per-row weights (sample weights x class weights), null for all 1; may be shared. */
  readonly sampleWeight: Float64Array | null;
  /** classWeight 'balanced_subsample': each tree reweights classes on its bootstrap sample. */
  readonly balancedSubsample: boolean;
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Seed of tree `index` of a forest seeded with `seed`. */
export function treeSeed(seed: number, index: number): number {
  return mix32((mix32(seed >>> 0) + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}

/** Row indices of tree `index`'s bootstrap sample (drawn with replacement). */
export function bootstrapIndices(seed: number, index: number, n: number, nSamples: number): Int32Array {
  const rng = new Rng(treeSeed(seed, index));
  const idx = new Int32Array(nSamples);
  for (let j = 0; j < nSamples; j++) idx[j] = rng.int(n);
  return idx;
}

/**
 * scikit-learn's compute_sample_weight('balanced', y, indices): per class present in the drawn
 * sample, n_drawn / (k_drawn * drawn count of the class); 0 for classes it lacks.
 */
export function subsampleClassWeights(y: Int32Array, idx: Int32Array, K: number): Float64Array {
  const count = new Float64Array(K);
  for (let j = 0; j < idx.length; j++) count[y[idx[j] as number] as number]++;
  let present = 0;
  for (let k = 0; k < K; k++) if ((count[k] as number) > 0) present++;
  const w = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const c = count[k] as number;
    w[k] = c > 0 ? idx.length / (present * c) : 0;
  }
  return w;
}

/**
 * Tree `index` of the forest, as scikit-learn's _parallel_build_trees: the bootstrap sample is a
 * vector of per-row counts multiplied with the sample weights (and, for 'balanced_subsample', with
 * class weights computed on the sample), so sample counts see distinct rows.
 */
export function growForestTree(job: ForestJob, index: number): TreeStore {
  const n = job.y.length;
  const idx = job.bootstrap ? bootstrapIndices(job.seed, index, n, job.nSamples) : undefined;
  let weights = job.sampleWeight;
  if (idx && job.balancedSubsample) {
    const cw = subsampleClassWeights(job.y, idx, job.nClasses);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++)
      w[i] = (weights ? (weights[i] as number) : 1) * (cw[job.y[i] as number] as number);
    weights = w;
  }
  const state = mix32(treeSeed(job.seed, index) ^ 0x5bd1e995) & 0x7fffffff;
  return fitTree(job.prepared, job.y, job.nClasses, job.grow, 0, { idx, weights, randState: state || 1 });
}
