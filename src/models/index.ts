/** The classifiers, all from scratch on the Classifier contract (src/models/base.ts). */
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  Classifier,
  type EvaluateOptions,
  type FitContext,
  type LabeledInput,
  parseCheckpoint,
  type TrainingLogger,
} from './base.js';
export { RANDOM_FOREST_SPECS, RandomForestClassifier, type RandomForestParams } from './forest/index.js';
export { LINEAR_SVC_PARAM_SPECS, LinearSVC, type LinearSVCParams } from './linear-svc/index.js';
export { loadCheckpoint, MODEL_CLASSES } from './load-checkpoint.js';
export {
  LOGISTIC_LEARNING,
  LOGISTIC_PARAM_SPECS,
  type LogisticParams,
  LogisticRegression,
} from './logistic/index.js';
export { GAUSSIAN_NB_SPECS, GaussianNB, type GaussianNBParams } from './naive-bayes/index.js';
export { type ClassWeight, SVC, SVC_PARAM_SPECS, type SVCParams } from './svc/index.js';
export {
  type Criterion,
  DECISION_TREE_SPECS,
  DecisionTreeClassifier,
  type DecisionTreeParams,
  type MaxFeatures,
  type SplitterName,
} from './tree/index.js';
