/**
 * RandomForestClassifier (scikit-learn's RandomForestClassifier): bootstrap-sampled CART trees with
 * per-split feature subsampling, soft voting (mean of tree probabilities), optional out-of-bag
 * score. Features are binned (or ranked) once per fit and every tree reuses that matrix; with
 * nJobs > 1 trees grow on worker threads sharing it through SharedArrayBuffers. The result depends
 * only on the seed, never on nJobs.
 *
 * A bootstrap sample keeps each drawn row once with its multiplicity as an integer weight; unlike
 * scikit-learn (which counts distinct rows there), minSamplesSplit / minSamplesLeaf count drawn
 * samples, duplicates included.
 */
import { availableParallelism } from 'node:os';
import type { DeviceName } from '../../core/backend.js';
import { CheckpointError, NotFittedError, ParamError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { ParamSpec } from '../../core/params.js';
import { Classifier, type FitContext, progressStep } from '../base.js';
import { prepareFeatures } from '../tree/fit-tree.js';
import {
  FOREST_AUTO_EXACT_MAX_SAMPLES,
  resolveGrowParams,
  resolveSplitter,
  sharedTreeSpecs,
  type TreeParamsBase,
} from '../tree/params.js';
import { type TreeState, TreeStore } from '../tree/tree-store.js';
import { bootstrapIndices, type ForestJob } from './forest-tree.js';
import { type PackedForest, packForest, predictPacked } from './packed-forest.js';
import { growForest, predictParallel } from './pool.js';

export interface RandomForestParams extends TreeParamsBase {
  nEstimators: number;
  bootstrap: boolean;
  maxSamples: number | null;
  oobScore: boolean;
  nJobs: number | null;
}

export interface RandomForestState {
  readonly trees: TreeState[];
  readonly featureImportances: number[];
  readonly oobScore: number | null;
}

export const RANDOM_FOREST_SPECS: readonly ParamSpec[] = [
  {
    name: 'nEstimators',
    type: 'int',
    default: 100,
    min: 1,
    max: 10000,
    description: 'Number of trees in the forest.',
  },
  ...sharedTreeSpecs({ maxFeatures: 'sqrt', autoExactMax: FOREST_AUTO_EXACT_MAX_SAMPLES }),
  {
    name: 'bootstrap',
    type: 'bool',
    default: true,
    description:
      'Grow each tree on a bootstrap sample (drawn with replacement); false uses every sample for every tree.',
  },
  {
    name: 'maxSamples',
    type: 'float',
    default: null,
    nullable: true,
    min: 0,
    minExclusive: true,
    description:
      'Bootstrap sample size per tree: null (as many as training samples), a fraction in (0, 1] of them, or an integer count > 1.',
  },
  {
    name: 'oobScore',
    type: 'bool',
    default: false,
    description:
      'Score the forest on out-of-bag samples after fit (accuracy of the averaged predictions of the trees that did not see each sample); needs bootstrap.',
  },
  {
    name: 'nJobs',
    type: 'int',
    default: null,
    nullable: true,
    min: -1,
    description:
      'Worker threads growing trees: null or 1 grows them in this thread, -1 uses every core; the forest is identical whatever the value.',
  },
];

/**
 * Random forest of CART trees (scikit-learn's `RandomForestClassifier`): bootstrap samples, `sqrt`
 * features per split by default, probability averaging; trees grow in worker threads with `nJobs` and
 * the forest is the same whatever the thread count (seeded per tree).
 *
 * @example
 * ```ts
 * import { loadIris, RandomForestClassifier } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 42 } });
 * const forest = new RandomForestClassifier({ nEstimators: 50, seed: 0 });
 * await forest.fit(iris);
 * const saved = forest.saveCheckpoint(); // versioned JSON
 * const again = RandomForestClassifier.loadCheckpoint(saved);
 * console.log(await again.predict(iris.transform([[5.1, 3.5, 1.4, 0.2]])));
 * ```
 */
export class RandomForestClassifier extends Classifier<RandomForestParams, RandomForestState> {
  readonly name = 'RandomForestClassifier';
  readonly paramSpecs = RANDOM_FOREST_SPECS;
  override readonly supportedDevices: readonly DeviceName[] = ['cpu'];
  /** The fitted trees; empty before fit. */
  trees: TreeStore[] = [];
  /** Mean of the trees' normalized impurity-decrease importances, normalized (scikit-learn's). */
  featureImportances: Float64Array | null = null;
  /** Out-of-bag accuracy after a fit with oobScore: true (scikit-learn's oob_score_), else null. */
  oobScore: number | null = null;
  /** Out-of-bag class probabilities per training row (scikit-learn's oob_decision_function_). */
  oobDecisionFunction: Matrix | null = null;
  private packed: PackedForest | null = null;
  /**
   * Rows x trees from which predictions are split over nJobs worker threads (smaller batches are
   * not worth starting workers). Results are identical either way.
   */
  static parallelPredictMinWork = 2_000_000;

  protected async fitEncoded(X: Matrix, y: Int32Array, nClasses: number, ctx?: FitContext): Promise<void> {
    const p = this.getParams();
    const n = X.rows;
    if (p.nJobs === 0) throw new ParamError('nJobs', 0, 'null, -1 or an integer >= 1', this.name);
    if (p.oobScore && !p.bootstrap) {
      throw new ParamError(
        'oobScore',
        true,
        'false when bootstrap is false (out-of-bag samples need bootstrap)',
        this.name,
      );
    }
    const nSamples = this.bootstrapSize(p.maxSamples, n);
    const grow = resolveGrowParams(p, p.bootstrap ? nSamples : n, X.cols, this.name);
    const jobs = resolveJobs(p.nJobs);
    const shared = Math.min(jobs, p.nEstimators) > 1;
    this.packed = null;
    const prepared = prepareFeatures(
      X,
      resolveSplitter(p.splitter, n, FOREST_AUTO_EXACT_MAX_SAMPLES),
      p.maxBins,
      shared,
    );
    const ys = shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
    ys.set(y);
    const job: ForestJob = {
      prepared,
      y: ys,
      nClasses,
      grow,
      seed: p.seed,
      bootstrap: p.bootstrap,
      nSamples,
    };
    const total = p.nEstimators;
    const logger = ctx?.logger;
    const step = progressStep(total);
    const onTree = logger
      ? (done: number) => {
          if (done % step === 0 || done === total) {
            logger({ iteration: done, total, fraction: done / total, message: `${done}/${total} trees` });
          }
        }
      : undefined;
    this.trees = await growForest(job, total, jobs, onTree);
    // pack the trees for prediction now (shared with predict workers when nJobs > 1)
    this.packed = packForest(this.trees, nClasses, jobs > 1);
    this.featureImportances = forestImportances(this.trees, X.cols);
    this.oobScore = null;
    this.oobDecisionFunction = null;
    if (p.oobScore) this.computeOob(X, y, nClasses, p.seed, nSamples);
  }

  private bootstrapSize(maxSamples: number | null, n: number): number {
    if (maxSamples === null) return n;
    if (maxSamples <= 1) return Math.max(1, Math.round(maxSamples * n));
    if (!Number.isInteger(maxSamples) || maxSamples > n) {
      throw new ParamError(
        'maxSamples',
        maxSamples,
        `null, a fraction in (0, 1] or an integer in [2, ${n}]`,
        this.name,
      );
    }
    return maxSamples;
  }

  private computeOob(X: Matrix, y: Int32Array, K: number, seed: number, nSamples: number): void {
    const n = X.rows;
    const sum = new Float64Array(n * K);
    const count = new Int32Array(n);
    const inBag = new Uint8Array(n);
    for (let t = 0; t < this.trees.length; t++) {
      const tree = this.trees[t] as TreeStore;
      const p = tree.proba();
      inBag.fill(0);
      const idx = bootstrapIndices(seed, t, n, nSamples);
      for (let j = 0; j < idx.length; j++) inBag[idx[j] as number] = 1;
      for (let i = 0; i < n; i++) {
        if (inBag[i]) continue;
        const leaf = tree.leafOf(X.data, X.cols, i) * K;
        for (let k = 0; k < K; k++) sum[i * K + k] += p[leaf + k] as number;
        count[i]++;
      }
    }
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const c = Math.max(1, count[i] as number);
      let best = 0;
      for (let k = 0; k < K; k++) {
        sum[i * K + k] = (sum[i * K + k] as number) / c;
        if ((sum[i * K + k] as number) > (sum[i * K + best] as number)) best = k;
      }
      if (best === y[i]) correct++;
    }
    this.oobDecisionFunction = { rows: n, cols: K, data: sum };
    this.oobScore = correct / n;
  }

  /** Soft voting: mean of the trees' leaf distributions (rows split over nJobs workers when large). */
  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    if (this.trees.length === 0) throw new NotFittedError(this.name);
    const K = this.classes!.length;
    const jobs = Math.min(resolveJobs(this.getParams().nJobs), Math.floor(X.rows / 2));
    const parallel = jobs > 1 && X.rows * this.trees.length >= RandomForestClassifier.parallelPredictMinWork;
    if (!this.packed || (parallel && !(this.packed.feat.buffer instanceof SharedArrayBuffer))) {
      this.packed = packForest(this.trees, K, parallel);
    }
    if (!parallel) {
      const out = new Float64Array(X.rows * K);
      predictPacked(this.packed, X.data, X.cols, 0, X.rows, out);
      return { rows: X.rows, cols: K, data: out };
    }
    const xs = new Float64Array(new SharedArrayBuffer(X.data.length * 8));
    xs.set(X.data);
    const out = new Float64Array(new SharedArrayBuffer(X.rows * K * 8));
    await predictParallel(this.packed, xs, X.rows, X.cols, out, jobs);
    return { rows: X.rows, cols: K, data: out.slice() };
  }

  protected getState(): RandomForestState {
    return {
      trees: this.trees.map((t) => t.toState(false)),
      featureImportances: Array.from(this.featureImportances ?? []),
      oobScore: this.oobScore,
    };
  }

  protected setState(state: RandomForestState): void {
    if (!state || !Array.isArray(state.trees) || state.trees.length === 0) {
      throw new CheckpointError('RandomForestClassifier checkpoint has no trees');
    }
    const K = this.classes!.length;
    this.trees = state.trees.map((s) => {
      const t = TreeStore.fromState(s, this.nFeatures);
      if (t.nClasses !== K)
        throw new CheckpointError(`a tree has ${t.nClasses} classes but the checkpoint lists ${K}`);
      return t;
    });
    this.featureImportances = Float64Array.from(state.featureImportances ?? []);
    this.oobScore = typeof state.oobScore === 'number' ? state.oobScore : null;
    this.oobDecisionFunction = null;
    this.packed = null;
  }
}

function resolveJobs(nJobs: number | null): number {
  return nJobs === null ? 1 : nJobs < 0 ? availableParallelism() : nJobs;
}

/** scikit-learn's forest importances: mean over trees with a split, then normalized. */
export function forestImportances(trees: readonly TreeStore[], d: number): Float64Array {
  const out = new Float64Array(d);
  let used = 0;
  for (const t of trees) {
    if (t.nodeCount <= 1) continue;
    const imp = t.featureImportances(d);
    for (let f = 0; f < d; f++) out[f] += imp[f] as number;
    used++;
  }
  let s = 0;
  for (let f = 0; f < d; f++) s += out[f] as number;
  if (used > 0 && s > 0) for (let f = 0; f < d; f++) out[f] = (out[f] as number) / s;
  return out;
}
