/**
 * RandomForestClassifier (scikit-learn's RandomForestClassifier): bootstrap-sampled CART trees with
 * per-split feature subsampling, soft voting (mean of tree probabilities), optional out-of-bag
 * score. Features are binned (or ranked) once per fit and every tree reuses that matrix; with
 * nJobs > 1 trees grow on worker threads sharing it through SharedArrayBuffers. The result depends
 * only on the seed, never on nJobs.
 *
 * As in scikit-learn, a bootstrap sample is a vector of per-row counts used as sample weights
 * (times the given sample weights and class weights): minSamplesSplit / minSamplesLeaf count
 * distinct rows, impurities, leaf values and minWeightFractionLeaf see the weights. warmStart adds
 * trees to a fitted forest; tree i depends only on (seed, i), so growing 50 then 100 trees gives
 * the same forest as 100 at once.
 */
import { DEVICE_NAMES, type DeviceName } from '../../core/backend.js';
import { CheckpointError, NotFittedError, ParamError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { ParamSpec } from '../../core/params.js';
import { MAX_JOBS, resolveJobs as resolveCoreJobs } from '../../core/worker.js';
import { type FitContext, progressStep } from '../base.js';
import { type ClassWeight, ClassWeightedClassifier, resolveClassWeight } from '../class-weight.js';
import { integralWeights, prepareFeatures } from '../tree/fit-tree.js';
import {
  checkFloat32Range,
  combineWeights,
  FOREST_AUTO_EXACT_MAX_SAMPLES,
  resolveGrowParams,
  resolveSplitter,
  sharedTreeSpecs,
  type TreeParamsBase,
} from '../tree/params.js';
import { type TreeState, TreeStore } from '../tree/tree-store.js';
import { bootstrapIndices, type ForestJob, treeStates } from './forest-tree.js';
import { type PackedForest, packForest } from './packed-forest.js';
import { growForest, predictParallel } from './pool.js';

export interface RandomForestParams extends TreeParamsBase {
  nEstimators: number;
  bootstrap: boolean;
  maxSamples: number | null;
  oobScore: boolean;
  nJobs: number | null;
  warmStart: boolean;
  classWeight: ClassWeight | 'balanced_subsample';
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
    max: MAX_JOBS,
    description:
      'Worker threads growing trees: null or 1 grows them in this thread, -1 uses every core; the forest is identical whatever the value.',
  },
  {
    name: 'warmStart',
    type: 'bool',
    default: false,
    description:
      'Fitting again keeps the fitted trees and only grows the missing ones up to nEstimators (same data shape and classes); false grows a new forest.',
  },
  {
    name: 'classWeight',
    type: 'object',
    default: null,
    nullable: true,
    options: ['balanced', 'balanced_subsample'],
    description:
      "Class weights multiplying the sample weights: null (all 1), 'balanced' (n / (k * count of the class) on the training set), 'balanced_subsample' (the same on each tree's bootstrap sample) or {label: weight}.",
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
export class RandomForestClassifier extends ClassWeightedClassifier<RandomForestParams, RandomForestState> {
  readonly name = 'RandomForestClassifier';
  readonly paramSpecs = RANDOM_FOREST_SPECS;
  /** Every device: the tree kernels run anywhere (worker threads, nJobs > 1, run the host's). */
  override readonly supportedDevices: readonly DeviceName[] = DEVICE_NAMES;
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
    checkFloat32Range(X, this.name);
    const kept = this.warmTrees(p, X.cols);
    if (p.nJobs === 0) throw new ParamError('nJobs', 0, 'null, -1 or an integer >= 1', this.name);
    if (p.oobScore && !p.bootstrap) {
      throw new ParamError(
        'oobScore',
        true,
        'false when bootstrap is false (out-of-bag samples need bootstrap)',
        this.name,
      );
    }
    if (!p.bootstrap && p.maxSamples !== null) {
      throw new ParamError(
        'maxSamples',
        p.maxSamples,
        'null when bootstrap is false (scikit-learn: max_samples needs bootstrap)',
        this.name,
      );
    }
    const nSamples = this.bootstrapSize(p.maxSamples, n);
    // fractions of minSamplesLeaf / minSamplesSplit are of the training rows (scikit-learn passes X whole)
    const grow = resolveGrowParams(p, n, X.cols, this.name);
    const jobs = resolveJobs(p.nJobs);
    const total = p.nEstimators;
    const toGrow = total - kept.length;
    const shared = Math.min(jobs, toGrow) > 1;
    // 'balanced_subsample' without bootstrap is 'balanced' (scikit-learn's rule)
    const cw = p.classWeight === 'balanced_subsample' && !p.bootstrap ? 'balanced' : p.classWeight;
    const perClass =
      cw === null || cw === 'balanced_subsample'
        ? null
        : resolveClassWeight(cw, y, nClasses, this.pendingClasses, this.name);
    const combined = combineWeights(ctx?.sampleWeight, perClass, y, this.name);
    let sampleWeight: Float64Array | null = null;
    if (combined) {
      sampleWeight = shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n);
      sampleWeight.set(combined);
    }
    const balancedSubsample = cw === 'balanced_subsample';
    const states = treeStates(p.seed, total);
    const histOk = !balancedSubsample && integralWeights(sampleWeight);
    this.packed = null;
    const splitter = resolveSplitter(p.splitter, n, FOREST_AUTO_EXACT_MAX_SAMPLES, histOk);
    const kernels = await this.getKernels();
    const prepared = await prepareFeatures(
      kernels,
      X,
      splitter === 'hist' ? 'hist' : 'best',
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
      states,
      bootstrap: p.bootstrap,
      nSamples,
      sampleWeight,
      balancedSubsample,
    };
    const logger = ctx?.logger;
    const step = progressStep(toGrow);
    const onTree = logger
      ? (done: number) => {
          if (done % step === 0 || done === toGrow) {
            logger({
              iteration: done,
              total: toGrow,
              fraction: done / toGrow,
              message: `${kept.length + done}/${total} trees`,
            });
          }
        }
      : undefined;
    const grown = toGrow > 0 ? await growForest(kernels, job, toGrow, jobs, onTree, kept.length) : [];
    if (toGrow === 0)
      logger?.({
        iteration: 0,
        total: 0,
        fraction: 1,
        message: `${total}/${total} trees (warm start: none added)`,
      });
    this.trees = [...kept, ...grown];
    // pack the trees for prediction now (shared with predict workers when nJobs > 1)
    this.packed = packForest(this.trees, nClasses, jobs > 1);
    this.featureImportances = forestImportances(this.trees, X.cols);
    this.oobScore = null;
    this.oobDecisionFunction = null;
    if (p.oobScore) this.computeOob(X, y, nClasses, states, nSamples);
  }

  /**
   * The trees a warm start keeps (all fitted trees when warmStart is on and the forest is fitted,
   * else none); throws when nEstimators is below their count or the data changed shape / classes.
   */
  private warmTrees(p: RandomForestParams, d: number): TreeStore[] {
    const prev = this.previousFit;
    if (!p.warmStart || !prev || this.trees.length === 0) return [];
    if (p.nEstimators < this.trees.length) {
      throw new ParamError(
        'nEstimators',
        p.nEstimators,
        `at least the ${this.trees.length} trees already fitted when warmStart is true`,
        this.name,
      );
    }
    const same =
      prev.nFeatures === d &&
      this.pendingClasses !== null &&
      prev.classes.length === this.pendingClasses.length &&
      prev.classes.every((c, i) => c === this.pendingClasses![i]);
    if (!same) {
      throw new ParamError(
        'warmStart',
        true,
        `false, or data with the fitted forest's ${prev.nFeatures} features and classes (${prev.classes.join(', ')})`,
        this.name,
      );
    }
    if (this.trees.some((t) => !((t.weightedNSamples[0] as number) > 0))) {
      throw new ParamError(
        'warmStart',
        true,
        'a forest fitted (or checkpointed) with warmStart: true; this one was restored from a checkpoint saved without warmStart, which leaves out the node statistics its feature importances need',
        this.name,
      );
    }
    return this.trees;
  }

  private bootstrapSize(maxSamples: number | null, n: number): number {
    if (maxSamples === null) return n;
    if (maxSamples <= 1) return Math.max(1, pythonRound(maxSamples * n));
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

  private computeOob(X: Matrix, y: Int32Array, K: number, states: readonly number[], nSamples: number): void {
    const n = X.rows;
    const sum = new Float64Array(n * K);
    const count = new Int32Array(n);
    const inBag = new Uint8Array(n);
    for (let t = 0; t < this.trees.length; t++) {
      const tree = this.trees[t] as TreeStore;
      const p = tree.proba();
      inBag.fill(0);
      const idx = bootstrapIndices(states[t] as number, n, nSamples);
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
      const kernels = await this.getKernels();
      return { rows: X.rows, cols: K, data: await kernels.forestPredict(this.packed, X) };
    }
    // many rows x trees and nJobs > 1: host worker threads, each predicting a range of rows
    const xs = new Float64Array(new SharedArrayBuffer(X.data.length * 8));
    xs.set(X.data);
    const out = new Float64Array(new SharedArrayBuffer(X.rows * K * 8));
    await predictParallel(this.packed, xs, X.rows, X.cols, out, jobs);
    return { rows: X.rows, cols: K, data: out.slice() };
  }

  protected getState(): RandomForestState {
    return {
      // node statistics (importances of kept trees) only when the forest may be warm-started
      trees: this.trees.map((t) => t.toState(this.getParams().warmStart)),
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

/** Python's round(): halves to even (scikit-learn's bootstrap size uses it). */
function pythonRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function resolveJobs(nJobs: number | null): number {
  return nJobs === null ? 1 : resolveCoreJobs(nJobs);
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
