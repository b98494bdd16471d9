/**
 * How the benchmark builds each of our models: module, class and the parameters that make it match
 * the scikit-learn configuration (sklearn defaults; RandomForest 100 trees; nJobs from the threads
 * column).
 * Parameter names are looked up in the model's own ParamSpec table, so a model that names a
 * parameter differently fails loudly here rather than silently running another configuration.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Classifier } from '../../src/models/base.js';
import type { ModelName, Threads } from '../lib/schema.js';

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
const TREES: [string[], unknown, boolean] = [['nEstimators', 'nTrees'], 100, true];

export const OUR_MODELS: Record<ModelName, OurSpec> = {
  'SVC-rbf': { dir: 'svc', cls: 'SVC', params: [[['kernel'], 'rbf', true], SEED] },
  'SVC-linear': { dir: 'svc', cls: 'SVC', params: [[['kernel'], 'linear', true], SEED] },
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
  RandomForest: { dir: 'forest', cls: 'RandomForestClassifier', params: [TREES, SEED] },
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
  'RandomForest(max_leaf_nodes=100)': {
    dir: 'forest',
    cls: 'RandomForestClassifier',
    params: [TREES, [['maxLeafNodes'], 100, true], SEED],
  },
};

/**
 * Where the library is loaded from: its TypeScript sources (`src`, through tsx) or the compiled
 * JavaScript a user runs (`dist`). Children get it as `--lib-root` (absolute path).
 */
export interface LibRoot {
  dir: string;
  ext: 'ts' | 'js';
}

export const SOURCE_ROOT: LibRoot = {
  dir: fileURLToPath(new URL('../../src', import.meta.url)),
  ext: 'ts',
};

/** A module of the library, by its path under the root without extension ('core/devices'). */
export async function importLib(root: LibRoot, path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(join(root.dir, `${path}.${root.ext}`)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot load ${path}.${root.ext} from ${root.dir}: ${(e as Error).message}`);
  }
}

/** Imports the model class (throws naming the file when it does not exist yet). */
export async function loadOurModel(model: ModelName, root: LibRoot = SOURCE_ROOT): Promise<ClassifierCtor> {
  const spec = OUR_MODELS[model];
  const mod = await importLib(root, `models/${spec.dir}/index`);
  const ctor = mod[spec.cls];
  if (typeof ctor !== 'function') throw new Error(`models/${spec.dir}/index does not export ${spec.cls}`);
  return ctor as ClassifierCtor;
}

/**
 * The constructor params for `model`, resolved against the class's ParamSpec names; `nJobs` (when
 * the model declares it) from the threads column: 1, or for 'all' the model's own automatic
 * setting when its default is one (SVC's 0: every core once the problem is large enough), else
 * -1 (every core) where allowed, else `cores`.
 */
export function ourParams(
  model: ModelName,
  ctor: ClassifierCtor,
  threads: Threads = '1',
  cores = 1,
): Record<string, unknown> {
  const specs = new ctor().paramSpecs;
  const declared = new Set(specs.map((p) => p.name));
  const out: Record<string, unknown> = {};
  const jobs = specs.find((p) => p.name === 'nJobs') as { default?: unknown; min?: number } | undefined;
  if (jobs) {
    if (threads === '1') out.nJobs = 1;
    else out.nJobs = jobs.default === 0 ? 0 : (jobs.min ?? 0) <= -1 ? -1 : cores;
  }
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
