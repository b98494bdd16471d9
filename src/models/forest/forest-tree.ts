/**
 * One tree of a forest, a pure function of the shared prepared features and the tree's index:
 * its random state comes from the forest seed and the index (never from worker order), so a forest
 * is the same whatever nJobs is; the states, bootstrap samples and feature draws are scikit-learn's
 * for `random_state = seed`. The bootstrap sample can be regenerated (out-of-bag scoring).
 */

import { fitTree, type PreparedFeatures } from '../tree/fit-tree.js';
import type { GrowParams } from '../tree/grow.js';
import type { HistogramKernel } from '../tree/hist-splitter.js';
import { NumpyRandomState, RAND_R_MAX } from '../tree/sk-random.js';
import type { TreeStore } from '../tree/tree-store.js';

/** Everything needed to grow tree i of a forest (structured-cloneable; big arrays may be shared). */
export interface ForestJob {
  readonly prepared: PreparedFeatures;
  readonly y: Int32Array;
  readonly nClasses: number;
  readonly grow: GrowParams;
  /** random_state of every tree (treeStates of the forest seed), indexed by tree. */
  readonly states: readonly number[];
  readonly bootstrap: boolean;
  /** Bootstrap sample size (ignored without bootstrap). */
  readonly nSamples: number;
  /** Per-row weights (sample weights x class weights), null for all 1; may be shared. */
  readonly sampleWeight: Float64Array | null;
  /** classWeight 'balanced_subsample': each tree reweights classes on its bootstrap sample. */
  readonly balancedSubsample: boolean;
}

/**
 * The random_state of each tree, as scikit-learn's forest draws them:
 * `RandomState(seed).randint(2^31 - 1)` once per tree, in tree order (a warm start continues the
 * sequence). Tree i's bootstrap and feature draws depend only on its state, never on nJobs.
 */
export function treeStates(seed: number, nTrees: number): number[] {
  const rs = new NumpyRandomState(seed);
  const out: number[] = new Array(nTrees);
  for (let i = 0; i < nTrees; i++) out[i] = rs.randint(RAND_R_MAX);
  return out;
}

/** Row indices of a tree's bootstrap sample: `RandomState(state).randint(0, n, nSamples)`, as scikit-learn. */
export function bootstrapIndices(state: number, n: number, nSamples: number): Int32Array {
  const rs = new NumpyRandomState(state);
  const idx = new Int32Array(nSamples);
  for (let j = 0; j < nSamples; j++) idx[j] = rs.randint(n);
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
 * class weights computed on the sample), so sample counts see distinct rows. Histograms (splitter
 * 'hist') are built by `kernels`.
 */
export function growForestTree(kernels: HistogramKernel, job: ForestJob, index: number): Promise<TreeStore> {
  const n = job.y.length;
  const state = job.states[index] as number;
  const idx = job.bootstrap ? bootstrapIndices(state, n, job.nSamples) : undefined;
  let weights = job.sampleWeight;
  if (idx && job.balancedSubsample) {
    const cw = subsampleClassWeights(job.y, idx, job.nClasses);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++)
      w[i] = (weights ? (weights[i] as number) : 1) * (cw[job.y[i] as number] as number);
    weights = w;
  }
  // the tree's splitter state: RandomState(state).randint(0, RAND_R_MAX), as scikit-learn's tree fit
  return fitTree(kernels, job.prepared, job.y, job.nClasses, job.grow, state, { idx, weights });
}
