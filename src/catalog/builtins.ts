/**
 * The built-in catalog content: autolearn's classifiers with their ParamSpec tables and loss +
 * learning-algorithm pairs, the built-in datasets (Iris, Height-Weight, plus any registered through
 * src/datasets), and the classification metrics. `registerBuiltins(registry)` is also the default
 * setup module of the training / evaluation worker threads.
 */
import type { ParamSpec } from '../core/params.js';
import { listDatasets } from '../datasets/index.js';
import { RandomForestClassifier } from '../models/forest/index.js';
import { LINEAR_SVC_PARAM_SPECS, LinearSVC } from '../models/linear-svc/index.js';
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

export function builtinModels(): ModelEntry[] {
  return [
    {
      name: 'SVC',
      task: TASK,
      description: 'Kernel support vector classifier (SMO as libsvm; linear, poly, rbf, sigmoid kernels).',
      paramSpecs: new SVC().paramSpecs,
      learning: [{ loss: 'hinge', learningAlgorithm: 'smo', hyperparams: NONE }],
      create: (params) => new SVC(params),
      load: (ck) => SVC.loadCheckpoint(ck),
    },
    {
      name: 'LinearSVC',
      task: TASK,
      description:
        'Linear support vector classifier (liblinear coordinate descent / Newton, or averaged SGD).',
      paramSpecs: new LinearSVC().paramSpecs,
      learning: LINEAR_SVC_LEARNING,
      create: (params, l) =>
        new LinearSVC({
          ...params,
          ...l.params,
          loss: l.loss as 'squared_hinge' | 'hinge',
          solver: l.learningAlgorithm as 'cd' | 'sgd',
        }),
      load: (ck) => LinearSVC.loadCheckpoint(ck),
    },
    {
      name: 'LogisticRegression',
      task: TASK,
      description: 'Multinomial / one-vs-rest logistic regression with L2 penalty.',
      paramSpecs: new LogisticRegression().paramSpecs,
      learning: LOGISTIC_LEARNING,
      create: (params) => new LogisticRegression(params),
      // the loss and the solver travel by name; learning params override the model's maxIter/tol/...
      fit: (model, dataset, l) => model.fit(dataset, l.params, l.loss, l.learningAlgorithm),
      load: (ck) => LogisticRegression.loadCheckpoint(ck),
    },
    {
      name: 'DecisionTreeClassifier',
      task: TASK,
      description: 'CART decision tree (histogram or exact split search).',
      paramSpecs: new DecisionTreeClassifier().paramSpecs,
      learning: TREE_LEARNING,
      create: (params, l) =>
        new DecisionTreeClassifier({ ...params, criterion: l.loss as 'gini' | 'entropy' }),
      load: (ck) => DecisionTreeClassifier.loadCheckpoint(ck),
    },
    {
      name: 'RandomForestClassifier',
      task: TASK,
      description: 'Random forest of CART trees (bootstrap, random feature subsets).',
      paramSpecs: new RandomForestClassifier().paramSpecs,
      learning: TREE_LEARNING,
      create: (params, l) =>
        new RandomForestClassifier({ ...params, criterion: l.loss as 'gini' | 'entropy' }),
      load: (ck) => RandomForestClassifier.loadCheckpoint(ck),
    },
    {
      name: 'GaussianNB',
      task: TASK,
      description: 'Gaussian naive Bayes (per-class feature means and variances).',
      paramSpecs: new GaussianNB().paramSpecs,
      learning: [
        { loss: 'negative_log_likelihood', learningAlgorithm: 'maximum_likelihood', hyperparams: NONE },
      ],
      create: (params) => new GaussianNB(params),
      load: (ck) => GaussianNB.loadCheckpoint(ck),
    },
  ];
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
