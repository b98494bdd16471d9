/**
 * Hyper-parameter tables of the tree models (published by the catalog as is) and their
 * resolution into growth parameters for a given data size.
 */
import { DataError, ParamError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { ParamSpec } from '../../core/params.js';
import type { GrowParams } from './grow.js';

export type Criterion = 'gini' | 'entropy' | 'log_loss';
export type SplitterName = 'auto' | 'best' | 'hist' | 'random';
export type MaxFeatures = null | 'sqrt' | 'log2' | number;

/** Training-set size up to which splitter 'auto' uses the exact splitter (single trees). */
export const AUTO_EXACT_MAX_SAMPLES = 10_000;
/** The same for forests, whose many trees make the histogram splitter pay off sooner. */
export const FOREST_AUTO_EXACT_MAX_SAMPLES = 2_000;

/** Parameters shared by DecisionTreeClassifier and RandomForestClassifier. */
export interface TreeParamsBase {
  criterion: Criterion;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  minImpurityDecrease: number;
  minWeightFractionLeaf: number;
  maxLeafNodes: number | null;
  ccpAlpha: number;
  splitter: SplitterName;
  maxBins: number;
  seed: number;
}

export const criterionSpec: ParamSpec = {
  name: 'criterion',
  type: 'string',
  default: 'gini',
  options: ['gini', 'entropy', 'log_loss'],
  description:
    "Impurity measured to choose splits: 'gini' (Gini impurity), 'entropy' or its alias 'log_loss' (Shannon information gain, log2; scikit-learn 1.2 names).",
};

export function sharedTreeSpecs(defaults: {
  maxFeatures: MaxFeatures;
  autoExactMax: number;
  /** Whether splitter 'random' (scikit-learn's RandomSplitter) is offered (single trees). */
  random?: boolean;
}): ParamSpec[] {
  return [
    criterionSpec,
    {
      name: 'maxDepth',
      type: 'int',
      default: null,
      nullable: true,
      min: 1,
      description:
        'Maximum depth of a tree (root at depth 0); null grows until leaves are pure or too small to split.',
    },
    {
      name: 'minSamplesSplit',
      type: 'float',
      default: 2,
      min: 0,
      minExclusive: true,
      description:
        'Minimum samples a node needs to be split: an integer >= 2, or a fraction in (0, 1) of the training samples (rounded up).',
    },
    {
      name: 'minSamplesLeaf',
      type: 'float',
      default: 1,
      min: 0,
      minExclusive: true,
      description:
        'Minimum samples each child of a split must keep: an integer >= 1, or a fraction in (0, 1) of the training samples (rounded up).',
    },
    {
      name: 'maxFeatures',
      type: 'float',
      default: defaults.maxFeatures,
      nullable: true,
      min: 0,
      minExclusive: true,
      options: ['sqrt', 'log2'],
      description:
        "Features examined per split: null (all), 'sqrt' or 'log2' (of the feature count), an integer count >= 1, or a fraction in (0, 1) of the features. Constant features do not count.",
    },
    {
      name: 'minImpurityDecrease',
      type: 'float',
      default: 0,
      min: 0,
      description:
        'A node is split only if the weighted impurity decrease N_t/N * (impurity - N_l/N_t * left - N_r/N_t * right) is at least this.',
    },
    {
      name: 'minWeightFractionLeaf',
      type: 'float',
      default: 0,
      min: 0,
      max: 0.5,
      description:
        'Minimum weighted fraction of the total sample weight (sample weights x class weights, x bootstrap counts in forests) that each leaf must keep.',
    },
    {
      name: 'maxLeafNodes',
      type: 'int',
      default: null,
      nullable: true,
      min: 2,
      description:
        'Grow best-first (the split with the largest weighted impurity decrease next) up to this many leaves; null grows depth-first without a leaf limit.',
    },
    {
      name: 'ccpAlpha',
      type: 'float',
      default: 0,
      min: 0,
      description:
        'Complexity parameter of minimal cost-complexity pruning: the grown tree is pruned to the subtree whose weakest links all have an effective alpha above ccpAlpha (0: no pruning).',
    },
    {
      name: 'splitter',
      type: 'string',
      default: 'auto',
      options: defaults.random ? ['auto', 'best', 'hist', 'random'] : ['auto', 'best', 'hist'],
      description: `Split search: 'best' sorts feature values and tries every midpoint (exact, like scikit-learn); 'hist' bins every feature once into at most maxBins quantile bins and scans class-count histograms (much faster on large data; identical to 'best' for features with at most maxBins distinct values; it needs integer weights (sample weights x class weights), else 'best' runs); ${defaults.random ? "'random' draws one uniform threshold per examined feature (scikit-learn's splitter='random', seeded); " : ''}'auto' uses 'best' up to ${defaults.autoExactMax} training samples and 'hist' above.`,
    },
    {
      name: 'maxBins',
      type: 'int',
      default: 255,
      min: 2,
      max: 255,
      description: "Maximum number of bins per feature for splitter 'hist'.",
    },
    {
      name: 'seed',
      type: 'int',
      default: 0,
      min: 0,
      max: 4294967295,
      description:
        "scikit-learn's random_state: seeds the feature draws at every split (they break ties between equally good splits, and choose the features examined with maxFeatures), the random thresholds of splitter 'random' and, in forests, each tree's bootstrap sample. The streams are scikit-learn's own, so the same seed grows scikit-learn's trees (exact splitter).",
    },
  ];
}

/** A count parameter given as an integer >= min or a fraction in (0, 1) of `total` (rounded up). */
export function resolveCount(name: string, value: number, total: number, min: number, owner: string): number {
  if (value > 0 && value < 1) return Math.max(min, Math.ceil(value * total));
  if (!Number.isInteger(value) || value < min) {
    throw new ParamError(name, value, `an integer >= ${min} or a fraction in (0, 1)`, owner);
  }
  return value;
}

/** Number of features examined per split for `d` features. */
export function resolveMaxFeatures(value: MaxFeatures, d: number, owner: string): number {
  if (value === null) return d;
  if (value === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)));
  if (value === 'log2') return Math.max(1, Math.floor(Math.log2(d)));
  if (value > 0 && value < 1) return Math.max(1, Math.floor(value * d));
  if (!Number.isInteger(value) || value > d) {
    throw new ParamError(
      'maxFeatures',
      value,
      `null, 'sqrt', 'log2', an integer in [1, ${d}] or a fraction in (0, 1)`,
      owner,
    );
  }
  return value;
}

/**
 * The split search that runs: 'auto' picks by size; 'hist' falls back to 'best' when `histOk` is
 * false (non-integer weights: its histograms hold integers).
 */
export function resolveSplitter(
  s: SplitterName,
  n: number,
  autoExactMax = AUTO_EXACT_MAX_SAMPLES,
  histOk = true,
): 'best' | 'hist' | 'random' {
  const chosen = s === 'auto' ? (n <= autoExactMax ? 'best' : 'hist') : s;
  return chosen === 'hist' && !histOk ? 'best' : chosen;
}

/** Growth parameters for `n` training samples with `d` features. */
export function resolveGrowParams(p: TreeParamsBase, n: number, d: number, owner: string): GrowParams {
  return {
    criterion: p.criterion === 'gini' ? 'gini' : 'entropy',
    maxDepth: p.maxDepth ?? Number.POSITIVE_INFINITY,
    minSamplesSplit: resolveCount('minSamplesSplit', p.minSamplesSplit, n, 2, owner),
    minSamplesLeaf: resolveCount('minSamplesLeaf', p.minSamplesLeaf, n, 1, owner),
    minWeightFractionLeaf: p.minWeightFractionLeaf,
    maxFeatures: resolveMaxFeatures(p.maxFeatures, d, owner),
    minImpurityDecrease: p.minImpurityDecrease,
    maxLeafNodes: p.maxLeafNodes ?? Number.POSITIVE_INFINITY,
    ccpAlpha: p.ccpAlpha,
  };
}

/**
 * Per-sample weights of a fit: the given sample weights (validated: finite, >= 0, not all 0) times
 * the per-class weights; null when both are absent (all weights 1).
 */
export function combineWeights(
  sampleWeight: Float64Array | null | undefined,
  perClass: Float64Array | null,
  y: Int32Array,
  owner: string,
): Float64Array | null {
  if (!sampleWeight && !perClass) return null;
  const n = y.length;
  const w = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = sampleWeight ? (sampleWeight[i] as number) : 1;
    if (!Number.isFinite(s) || s < 0) {
      throw new DataError(`${owner}.fit: sampleWeight[${i}] is ${s}; sample weights must be finite and >= 0`);
    }
    w[i] = perClass ? s * (perClass[y[i] as number] as number) : s;
    total += w[i] as number;
  }
  if (!(total > 0)) {
    throw new DataError(
      `${owner}.fit: the sample weights (times class weights) sum to ${total}; it must be > 0`,
    );
  }
  return w;
}

/** Throws a DataError when X holds a value beyond float32's range (trees compare float32 values, as scikit-learn). */
export function checkFloat32Range(X: Matrix, owner: string): void {
  const data = X.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v > 3.4028234663852886e38 || v < -3.4028234663852886e38) {
      throw new DataError(
        `${owner}: X[${Math.floor(i / X.cols)}][${i % X.cols}] = ${v} is too large for float32 (trees compare float32 values, like scikit-learn)`,
      );
    }
  }
}
