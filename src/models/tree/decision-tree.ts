/**
 * DecisionTreeClassifier: CART classification tree (scikit-learn's DecisionTreeClassifier) with an
 * exact splitter ('best') and a histogram splitter ('hist') for large data. Runs on every device:
 * binning, the histogram splitter's histograms and prediction are the device's tree kernels; the
 * edge search, the exact splitter and split selection run on the host.
 *
 * scikit-learn 1.2's semantics throughout: sample weights and class weights weight impurities,
 * class counts (leaf values, predictProba) and minWeightFractionLeaf; minSamplesLeaf /
 * minSamplesSplit count rows; maxLeafNodes grows best-first; ccpAlpha prunes (minimal
 * cost-complexity); `costComplexityPruningPath` returns scikit-learn's path. X is read as float32
 * (thresholds are float64 midpoints of float32 values, predictions compare Math.fround(x)), so with
 * maxFeatures null the tree is scikit-learn's own.
 * Features are drawn at each split from scikit-learn's own random stream for `random_state =
 * seed`, so ties between equally good splits break the same way and maxFeatures 'sqrt' / 'log2'
 * and splitter 'random' grow scikit-learn's trees as well (exact splitter).
 *
 * Known difference: with real-valued weights whose sums round, scikit-learn may see a pure node's
 * impurity as a few 1e-16 (> EPSILON) and split it; ours counts the node afresh and sees 0.
 */
import { DEVICE_NAMES, type DeviceName } from '../../core/backend.js';
import type { DatasetLike, Label } from '../../core/data.js';
import { isDatasetLike } from '../../core/data.js';
import { CheckpointError, DataError, NotFittedError } from '../../core/errors.js';
import type { FlatForest } from '../../core/kernels/tree.js';
import type { Matrix, MatrixLike } from '../../core/matrix.js';
import type { ParamSpec } from '../../core/params.js';
import type { FitContext } from '../base.js';
import {
  type ClassWeight,
  ClassWeightedClassifier,
  classWeightSpec,
  resolveClassWeight,
} from '../class-weight.js';
import { packForest } from '../forest/packed-forest.js';
import { fitTree, integralWeights, prepareFeatures } from './fit-tree.js';
import {
  AUTO_EXACT_MAX_SAMPLES,
  checkFloat32Range,
  combineWeights,
  resolveGrowParams,
  resolveSplitter,
  sharedTreeSpecs,
  type TreeParamsBase,
} from './params.js';
import { type PruningPath, pruningPath } from './prune.js';
import { type TreeState, TreeStore } from './tree-store.js';

export interface DecisionTreeParams extends TreeParamsBase {
  classWeight: ClassWeight;
}

export interface DecisionTreeState {
  readonly tree: TreeState;
  readonly featureImportances: number[];
}

export const DECISION_TREE_SPECS: readonly ParamSpec[] = [
  ...sharedTreeSpecs({ maxFeatures: null, autoExactMax: AUTO_EXACT_MAX_SAMPLES, random: true }),
  classWeightSpec(
    "Class weights: null (all 1), 'balanced' (n / (k * count of the class)) or {label: weight}; they multiply the sample weights.",
  ),
];

/**
 * CART decision tree (scikit-learn's `DecisionTreeClassifier`): gini or entropy splits, exact or
 * histogram splitter, depth / leaf-size / impurity-decrease limits, feature subsampling and class
 * weights. A fitted tree is a flat array store (fast predict, compact checkpoint).
 *
 * @example
 * ```ts
 * import { DecisionTreeClassifier, loadIris } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 0 } });
 * const tree = new DecisionTreeClassifier({ criterion: 'entropy', maxDepth: 3, seed: 0 });
 * await tree.fit(iris);
 * console.log((await tree.evaluate(iris, { on: 'test' })).accuracy);
 * ```
 */
export class DecisionTreeClassifier extends ClassWeightedClassifier<DecisionTreeParams, DecisionTreeState> {
  readonly name = 'DecisionTreeClassifier';
  readonly paramSpecs = DECISION_TREE_SPECS;
  override readonly supportedDevices: readonly DeviceName[] = DEVICE_NAMES;
  /** The fitted tree (flat node arrays); null before fit. */
  tree: TreeStore | null = null;
  /** Normalized impurity-decrease importance of each feature (scikit-learn's feature_importances_). */
  featureImportances: Float64Array | null = null;

  protected async fitEncoded(X: Matrix, y: Int32Array, nClasses: number, ctx?: FitContext): Promise<void> {
    const p = this.getParams();
    checkFloat32Range(X, this.name);
    const grow = resolveGrowParams(p, X.rows, X.cols, this.name);
    const perClass =
      p.classWeight === null
        ? null
        : resolveClassWeight(p.classWeight, y, nClasses, this.pendingClasses, this.name);
    const weights = combineWeights(ctx?.sampleWeight, perClass, y, this.name);
    const histOk = integralWeights(weights);
    const splitter = resolveSplitter(p.splitter, X.rows, AUTO_EXACT_MAX_SAMPLES, histOk);
    const kernels = await this.getKernels();
    const prepared = await prepareFeatures(kernels, X, splitter === 'hist' ? 'hist' : 'best', p.maxBins);
    const tree = await fitTree(kernels, prepared, y, nClasses, grow, p.seed, {
      weights,
      random: splitter === 'random',
    });
    this.tree = tree;
    this.featureImportances = tree.featureImportances(X.cols);
    this.packed(tree, 'class'); // a fitted tree is ready to predict, as scikit-learn's tree_ is
    ctx?.logger?.({ iteration: 1, total: 1, fraction: 1, message: `tree grown (depth ${tree.maxDepth})` });
  }

  /**
   * scikit-learn's cost_complexity_pruning_path: fits this configuration with ccpAlpha 0 on (X, y)
   * (with `sampleWeight` when given) and returns the effective alphas of the weakest-link pruning
   * sequence (the first is 0) and the total leaf impurity of each pruned subtree. This model is
   * left as it is.
   */
  async costComplexityPruningPath(
    X: MatrixLike | DatasetLike,
    y?: readonly Label[] | ArrayLike<number>,
    options: { readonly sampleWeight?: ArrayLike<number> | null } = {},
  ): Promise<PruningPath> {
    const full = new DecisionTreeClassifier({ ...this.given, ccpAlpha: 0 });
    if (isDatasetLike(X)) await full.fit(X);
    else {
      if (y === undefined) throw new DataError(`${this.name}.costComplexityPruningPath(X, y): y is missing`);
      await full.fit(X, y, { sampleWeight: options.sampleWeight ?? null });
    }
    return pruningPath(full.fitted());
  }

  /** Depth of the fitted tree (a single leaf has depth 0). */
  get depth(): number {
    return this.fitted().maxDepth;
  }

  get nLeaves(): number {
    return this.fitted().nLeaves;
  }

  /** Index of the leaf each row ends in (scikit-learn's apply). */
  apply(X: Matrix | readonly (readonly number[])[]): Int32Array {
    const m = this.checkInput(X);
    const tree = this.fitted();
    const out = new Int32Array(m.rows);
    for (let r = 0; r < m.rows; r++) out[r] = tree.leafOf(m.data, m.cols, r);
    return out;
  }

  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    const tree = this.fitted();
    const kernels = await this.getKernels();
    const data = await kernels.forestPredict(this.packed(tree, 'proba'), X);
    return { rows: X.rows, cols: tree.nClasses, data };
  }

  /**
   * The first maximum of the leaf's raw class counts (scikit-learn's argmax of tree_.predict),
   * taken once per node when the tree is packed: the kernel returns it as the row's one output.
   */
  protected override async predictEncoded(X: Matrix): Promise<Int32Array> {
    const kernels = await this.getKernels();
    const v = await kernels.forestPredict(this.packed(this.fitted(), 'class'), X);
    return new Int32Array(v);
  }

  /**
   * The fitted tree as a one-tree flat forest, with leaf distributions ('proba') or leaf classes
   * ('class'), each packed on its first use (fit packs the classes, which predict needs).
   */
  private packed(tree: TreeStore, leaves: 'proba' | 'class'): FlatForest {
    if (this.packedFor !== tree) {
      this.packedTree = { proba: null, class: null };
      this.packedFor = tree;
    }
    const have = this.packedTree[leaves];
    if (have) return have;
    const p = packForest([tree], tree.nClasses, false, leaves);
    this.packedTree[leaves] = p;
    return p;
  }

  private packedTree: { proba: FlatForest | null; class: FlatForest | null } = { proba: null, class: null };
  private packedFor: TreeStore | null = null;

  protected getState(): DecisionTreeState {
    return { tree: this.fitted().toState(), featureImportances: Array.from(this.featureImportances!) };
  }

  protected setState(state: DecisionTreeState): void {
    if (!state || typeof state !== 'object' || !state.tree)
      throw new CheckpointError('DecisionTreeClassifier checkpoint has no tree');
    const tree = TreeStore.fromState(state.tree, this.nFeatures);
    if (tree.nClasses !== this.classes!.length) {
      throw new CheckpointError(
        `tree has ${tree.nClasses} classes but the checkpoint lists ${this.classes!.length}`,
      );
    }
    this.tree = tree;
    this.featureImportances = Array.isArray(state.featureImportances)
      ? Float64Array.from(state.featureImportances)
      : tree.featureImportances(this.nFeatures);
  }

  private fitted(): TreeStore {
    if (!this.tree) throw new NotFittedError(this.name);
    return this.tree;
  }
}
