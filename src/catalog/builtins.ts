/**
 * The built-in catalog content: autolearn's classifiers with their ParamSpec tables and loss +
 * learning-algorithm pairs, the built-in datasets (Iris, Height-Weight, plus any registered through
 * src/datasets), and the classification metrics. `registerBuiltins(registry)` is also the default
 * setup module of the training / evaluation worker threads.
 */
import { CheckpointError } from '../core/errors.js';
import type { ParamSpec } from '../core/params.js';
import { listDatasets } from '../datasets/index.js';
import type { Classifier } from '../models/base.js';
import { RandomForestClassifier } from '../models/forest/index.js';
import { LINEAR_SVC_PARAM_SPECS, LinearSVC } from '../models/linear-svc/index.js';
import { loadCheckpoint, type ModelName, modelClasses } from '../models/load-checkpoint.js';
import { LOGISTIC_LEARNING, LogisticRegression } from '../models/logistic/index.js';
import { GaussianNB } from '../models/naive-bayes/index.js';
import { SVC } from '../models/svc/index.js';
import { DecisionTreeClassifier } from '../models/tree/index.js';
import { CLASSIFICATION_METRICS, globalRegistry, type Registry } from './registry.js';
import type { DatasetEntry, LearningEntry, ModelEntry } from './types.js';

const TASK = 'classification';
const NONE: readonly ParamSpec[] = [];

/** Trees choose splits by an impurity: the catalog's loss is the tree's `criterion`. */
const TREE_LEARNING: readonly LearningEntry[] = ['gini', 'entropy'].map((loss) => ({
  loss,
  learningAlgorithm: 'cart',
  hyperparams: NONE,
}));

const linearSvcSpec = (name: string): ParamSpec =>
  LINEAR_SVC_PARAM_SPECS.find((p) => p.name === name) as ParamSpec;

/** LinearSVC: the loss is its `loss`, the algorithm its `solver`; sgd's step and batch are learning hyper-parameters. */
const LINEAR_SVC_LEARNING: readonly LearningEntry[] = ['squared_hinge', 'hinge'].flatMap((loss) => [
  { loss, learningAlgorithm: 'cd', hyperparams: NONE },
  {
    loss,
    learningAlgorithm: 'sgd',
    hyperparams: [linearSvcSpec('learningRate'), linearSvcSpec('batchSize')],
  },
]);

/** The catalog's own facts about each model class (description, learning choices, how to build and fit it). */
type CatalogExtras = Pick<ModelEntry, 'description' | 'learning' | 'create' | 'fit'>;

const EXTRAS: Record<ModelName, CatalogExtras> = {
  SVC: {
    description: 'Kernel support vector classifier (SMO as libsvm; linear, poly, rbf, sigmoid kernels).',
    learning: [{ loss: 'hinge', learningAlgorithm: 'smo', hyperparams: NONE }],
    create: (params) => new SVC(params),
  },
  LinearSVC: {
    description:
      'Linear support vector classifier (liblinear: l2 / l1 penalty, one-vs-rest or Crammer-Singer; coordinate descent / Newton, or averaged SGD).',
    learning: LINEAR_SVC_LEARNING,
    create: (params, l) =>
      new LinearSVC({
        ...params,
        ...l.params,
        loss: l.loss as 'squared_hinge' | 'hinge',
        solver: l.learningAlgorithm as 'cd' | 'sgd',
      }),
  },
  LogisticRegression: {
    description:
      'Multinomial / one-vs-rest logistic regression (l2, l1, elastic-net or no penalty; lbfgs, liblinear, newton-cg, newton-cholesky, sag, saga, or mini-batch sgd / momentum / adam).',
    learning: LOGISTIC_LEARNING,
    create: (params) => new LogisticRegression(params),
    // the loss and the solver travel by name; learning params override the model's maxIter/tol/...
    fit: (model, dataset, l) => model.fit(dataset, l.params, l.loss, l.learningAlgorithm),
  },
  DecisionTreeClassifier: {
    description: 'CART decision tree (histogram or exact split search).',
    learning: TREE_LEARNING,
    create: (params, l) => new DecisionTreeClassifier({ ...params, criterion: l.loss as 'gini' | 'entropy' }),
  },
  RandomForestClassifier: {
    description: 'Random forest of CART trees (bootstrap, random feature subsets).',
    learning: TREE_LEARNING,
    create: (params, l) => new RandomForestClassifier({ ...params, criterion: l.loss as 'gini' | 'entropy' }),
  },
  GaussianNB: {
    description: 'Gaussian naive Bayes (per-class feature means and variances).',
    learning: [
      { loss: 'negative_log_likelihood', learningAlgorithm: 'maximum_likelihood', hyperparams: NONE },
    ],
    create: (params) => new GaussianNB(params),
  },
};

/**
 * The built-in models as catalog entries, built from the one model-class registry
 * (src/models/load-checkpoint.ts): names and ParamSpec tables come from the classes' statics, and
 * `load` is the registry's `loadCheckpoint` (refusing a checkpoint of another model).
 */
export function builtinModels(): ModelEntry[] {
  return modelClasses().map(({ name, paramSpecs }) => ({
    name,
    task: TASK,
    paramSpecs,
    ...EXTRAS[name],
    load: (ck: unknown): Classifier<object, unknown> => {
      const model = loadCheckpoint(ck);
      if (model.name !== name) {
        throw new CheckpointError(`checkpoint is for model '${model.name}', not '${name}'`);
      }
      return model;
    },
  }));
}

/** Every dataset of src/datasets as a catalog entry; `load` splits with split_test / split_seed. */
export function builtinDatasetEntries(): DatasetEntry[] {
  return listDatasets().map((d) => ({
    name: d.name,
    task: d.task,
    description: d.description,
    features: [...d.features],
    label: [d.label],
    nRecords: d.nRecords,
    preProcessing: d.preProcessing.map((p) => ({ step: p.step, computation: p.computation })),
    load: (split) => d.load({ split: { test: split.test, seed: split.seed } }),
  }));
}

/** Registers the built-in models, datasets and metrics (skipping any already there). */
export function registerBuiltins(registry: Registry = globalRegistry): Registry {
  for (const m of builtinModels()) if (!registry.model(m.name, m.task)) registry.registerModel(m);
  for (const d of builtinDatasetEntries()) if (!registry.dataset(d.name, d.task)) registry.registerDataset(d);
  for (const m of CLASSIFICATION_METRICS) registry.registerMetric(m);
  return registry;
}

export default registerBuiltins;
