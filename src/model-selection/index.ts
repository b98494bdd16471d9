/**
 * Model selection with scikit-learn's semantics: KFold / StratifiedKFold, crossValidate /
 * crossValScore, GridSearchCV / RandomizedSearchCV (parallel fits on worker threads), scorers by
 * name and parameter grids and distributions.
 */
export {
  type CrossValidateOptions,
  type CrossValidateResult,
  crossValidate,
  crossValScore,
} from './cross-validate.js';
export { CandidateFitError } from './fit-score.js';
export {
  type Distribution,
  logUniform,
  type ParamDistributions,
  type ParamGrid,
  parameterGrid,
  randInt,
  sampleParameters,
  uniform,
} from './params.js';
export {
  getScorer,
  SCORER_NAMES,
  type ScorerFn,
  type ScorerName,
  type Scoring,
  type SearchEstimator,
} from './scoring.js';
export {
  type CvResults,
  GridSearchCV,
  RandomizedSearchCV,
  type RandomizedSearchOptions,
  type SearchOptions,
} from './search.js';
export { type CvSpec, type Fold, KFold, type KFoldOptions, type Splitter, StratifiedKFold } from './split.js';
