/* Logistic regression (multinomial / binary / one-vs-rest) on every backend. */
export { type LogisticMode, LogisticRegression, type LogisticState } from './logistic-regression.js';
export {
  LOGISTIC_LEARNING,
  LOGISTIC_PARAM_SPECS,
  LOGISTIC_SOLVERS,
  type LogisticClassWeight,
  type LogisticParams,
  type LogisticPenalty,
  type LogisticSolver,
  learningSpecs,
} from './params.js';
