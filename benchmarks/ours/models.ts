/**
 * How the benchmark builds each of our models: module, class and the parameters that make it match
 * the scikit-learn configuration (sklearn defaults; RandomForest 100 trees and nJobs 1 or 2).
 * Parameter names are looked up in the model's own ParamSpec table, so a model that names a
 * parameter differently fails loudly here rather than silently running another configuration.
 */
import type { Classifier } from '../../src/models/base.js';
import type { ModelName } from '../lib/schema.js';

type AnyClassifier = Classifier<Record<string, unknown>, unknown>;
export type ClassifierCtor = new (params?: Record<string, unknown>) => AnyClassifier;

interface OurSpec {
  /** Folder under src/models. */
  dir: string;
  /** Exported class name. */
  cls: string;
  /** Wanted params: [alternative names, value]; the first name the model declares is used. */
  params: [names: string[], value: unknown, required: boolean][];
}

const SEED: [string[], unknown, boolean] = [['seed', 'randomState', 'random_state'], 0, false];
/** scikit-learn's SVC solves its one-vs-one pairs on one thread; ours does too in this comparison. */
const ONE_THREAD: [string[], unknown, boolean] = [['nJobs'], 1, false];

export const OUR_MODELS: Record<ModelName, OurSpec> = {
  'SVC-rbf': { dir: 'svc', cls: 'SVC', params: [[['kernel'], 'rbf', true], ONE_THREAD, SEED] },
  'SVC-linear': { dir: 'svc', cls: 'SVC', params: [[['kernel'], 'linear', true], ONE_THREAD, SEED] },
  LinearSVC: { dir: 'linear-svc', cls: 'LinearSVC', params: [SEED] },
  LogisticRegression: { dir: 'logistic', cls: 'LogisticRegression', params: [] },
  // the scikit-learn solvers / penalties beyond the defaults (same params on both sides)
  'LR-liblinear-l1': {
    dir: 'logistic',
    cls: 'LogisticRegression',
    params: [
      [['solver'], 'liblinear', true],
      [['penalty'], 'l1', true],
    ],
  },
  'LR-newton-cg': { dir: 'logistic', cls: 'LogisticRegression', params: [[['solver'], 'newton-cg', true]] },
  'LR-newton-cholesky': {
    dir: 'logistic',
    cls: 'LogisticRegression',
    params: [[['solver'], 'newton-cholesky', true]],
  },
  'LR-sag': { dir: 'logistic', cls: 'LogisticRegression', params: [[['solver'], 'sag', true], SEED] },
  'LR-saga-elasticnet': {
    dir: 'logistic',
    cls: 'LogisticRegression',
    params: [[['solver'], 'saga', true], [['penalty'], 'elasticnet', true], [['l1Ratio'], 0.5, true], SEED],
  },
  'LinSVC-l1': {
    dir: 'linear-svc',
    cls: 'LinearSVC',
    params: [[['penalty'], 'l1', true], [['dual'], false, true], SEED],
  },
  'LinSVC-crammer_singer': {
    dir: 'linear-svc',
    cls: 'LinearSVC',
    params: [[['multiClass'], 'crammer_singer', true], SEED],
  },
  DecisionTree: { dir: 'tree', cls: 'DecisionTreeClassifier', params: [SEED] },
  'RandomForest(n_jobs=1)': {
    dir: 'forest',
    cls: 'RandomForestClassifier',
    params: [[['nEstimators', 'nTrees'], 100, true], [['nJobs', 'jobs', 'nThreads'], 1, true], SEED],
  },
  'RandomForest(n_jobs=2)': {
    dir: 'forest',
    cls: 'RandomForestClassifier',
    params: [[['nEstimators', 'nTrees'], 100, true], [['nJobs', 'jobs', 'nThreads'], 2, true], SEED],
  },
  GaussianNB: { dir: 'naive-bayes', cls: 'GaussianNB', params: [] },
  // non-default tree / forest options against the same scikit-learn settings
  'DecisionTree(max_leaf_nodes=100)': {
    dir: 'tree',
    cls: 'DecisionTreeClassifier',
    params: [[['maxLeafNodes'], 100, true], SEED],
  },
  'DecisionTree(ccp_alpha=0.0002)': {
    dir: 'tree',
    cls: 'DecisionTreeClassifier',
    params: [[['ccpAlpha'], 0.0002, true], SEED],
  },
  'RandomForest(max_leaf_nodes=100,n_jobs=2)': {
    dir: 'forest',
    cls: 'RandomForestClassifier',
    params: [
      [['nEstimators', 'nTrees'], 100, true],
      [['nJobs', 'jobs', 'nThreads'], 2, true],
      [['maxLeafNodes'], 100, true],
      SEED,
    ],
  },
};

/** Imports the model class (throws naming the file when it does not exist yet). */
export async function loadOurModel(model: ModelName): Promise<ClassifierCtor> {
  const spec = OUR_MODELS[model];
  const url = new URL(`../../src/models/${spec.dir}/index.ts`, import.meta.url);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url.href)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot load src/models/${spec.dir}/index.ts: ${(e as Error).message}`);
  }
  const ctor = mod[spec.cls];
  if (typeof ctor !== 'function')
    throw new Error(`src/models/${spec.dir}/index.ts does not export ${spec.cls}`);
  return ctor as ClassifierCtor;
}

/** The constructor params for `model`, resolved against the class's ParamSpec names. */
export function ourParams(model: ModelName, ctor: ClassifierCtor): Record<string, unknown> {
  const declared = new Set(new ctor().paramSpecs.map((p) => p.name));
  const out: Record<string, unknown> = {};
  for (const [names, value, required] of OUR_MODELS[model].params) {
    const name = names.find((n) => declared.has(n));
    if (name) out[name] = value;
    else if (required) {
      throw new Error(`${OUR_MODELS[model].cls} declares none of ${names.join('/')} (needed for ${model})`);
    }
  }
  return out;
}

/** A short note on convergence read from common fitted attributes, '' when the model exposes none. */
export function convergenceNote(m: AnyClassifier): string {
  const r = m as unknown as Record<string, unknown>;
  const iters = ['nIter', 'nIter_', 'iterations', 'nIterations']
    .map((k) => r[k])
    .find((v) => v !== undefined);
  const it = typeof iters === 'number' ? ` after ${iters} iterations` : '';
  if (r.converged === false) return `not converged${it}`;
  if (r.converged === true) return `converged${it}`;
  return '';
}
