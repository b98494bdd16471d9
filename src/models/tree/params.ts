/**
 * Hyper-parameter tables of the tree models (published by the catalog as is) and their
 * resolution into growth parameters for a given data size.
 */
import { ParamError } from '../../core/errors.js';
import type { ParamSpec } from '../../core/params.js';
import type { GrowParams } from './grow.js';

export type Criterion = 'gini' | 'entropy';
export type SplitterName = 'auto' | 'best' | 'hist';
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
  splitter: SplitterName;
  maxBins: number;
  seed: number;
}

export const criterionSpec: ParamSpec = {
  name: 'criterion',
  type: 'string',
  default: 'gini',
  options: ['gini', 'entropy'],
  description:
    "Impurity measured to choose splits: 'gini' (Gini impurity) or 'entropy' (information gain, log2).",
};

export function sharedTreeSpecs(defaults: { maxFeatures: MaxFeatures; autoExactMax: number }): ParamSpec[] {
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
      name: 'splitter',
      type: 'string',
      default: 'auto',
      options: ['auto', 'best', 'hist'],
      description: `Split search: 'best' sorts feature values and tries every midpoint (exact, like scikit-learn); 'hist' bins every feature once into at most maxBins quantile bins and scans class-count histograms (much faster on large data; identical to 'best' for features with at most maxBins distinct values); 'auto' uses 'best' up to ${defaults.autoExactMax} training samples and 'hist' above.`,
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
        'Seed of the random feature sampling (and of bootstrap samples in forests); same seed, same model.',
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

export function resolveSplitter(
  s: SplitterName,
  n: number,
  autoExactMax = AUTO_EXACT_MAX_SAMPLES,
): 'best' | 'hist' {
  if (s === 'auto') return n <= autoExactMax ? 'best' : 'hist';
  return s;
}

/** Growth parameters for `n` training samples with `d` features. */
export function resolveGrowParams(p: TreeParamsBase, n: number, d: number, owner: string): GrowParams {
  return {
    criterion: p.criterion,
    maxDepth: p.maxDepth ?? Number.POSITIVE_INFINITY,
    minSamplesSplit: resolveCount('minSamplesSplit', p.minSamplesSplit, n, 2, owner),
    minSamplesLeaf: resolveCount('minSamplesLeaf', p.minSamplesLeaf, n, 1, owner),
    maxFeatures: resolveMaxFeatures(p.maxFeatures, d, owner),
    minImpurityDecrease: p.minImpurityDecrease,
  };
}
