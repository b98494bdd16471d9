/* The classifiers, all from scratch on the Classifier contract (src/models/base.ts). */
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  Classifier,
  type ClassifierClass,
  type ClassifierScoreOptions,
  checkSampleWeight,
  type DecisionValues,
  type EvaluateOptions,
  FitAbortedError,
  type FitContext,
  type FitOptions,
  type LabeledInput,
  type LabelsLike,
  parseCheckpoint,
  type TrainingEvent,
  type TrainingLogger,
} from './base.js';
export {
  RANDOM_FOREST_SPECS,
  RandomForestClassifier,
  type RandomForestParams,
  type RandomForestState,
} from './forest/index.js';
export { closeForestPool } from './forest/pool.js';
export {
  LINEAR_SVC_PARAM_SPECS,
  LinearSVC,
  type LinearSVCParams,
  type LinearSVCState,
} from './linear-svc/index.js';
export {
  loadCheckpoint,
  MODEL_CLASSES,
  type ModelClassInfo,
  type ModelName,
  modelClass,
  modelClasses,
} from './load-checkpoint.js';
export {
  LOGISTIC_LEARNING,
  LOGISTIC_PARAM_SPECS,
  type LogisticClassWeight,
  type LogisticMode,
  type LogisticParams,
  type LogisticPenalty,
  LogisticRegression,
  type LogisticSolver,
  type LogisticState,
} from './logistic/index.js';
export {
  GAUSSIAN_NB_SPECS,
  GaussianNB,
  type GaussianNBParams,
  type GaussianNBState,
} from './naive-bayes/index.js';
export {
  type ClassWeight,
  type KernelName,
  SVC,
  SVC_PARAM_SPECS,
  type SVCParams,
  type SVCState,
} from './svc/index.js';
export {
  type Criterion,
  DECISION_TREE_SPECS,
  DecisionTreeClassifier,
  type DecisionTreeParams,
  type DecisionTreeState,
  type MaxFeatures,
  type SplitterName,
  type TreeState,
  TreeStore,
} from './tree/index.js';
export type { TreeParamsBase } from './tree/params.js';
export type { PruningPath } from './tree/prune.js';
export type { PredictLayout, TreeArrays } from './tree/tree-store.js';
