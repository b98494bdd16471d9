/* LinearSVC: liblinear-style linear SVM (dual coordinate descent, primal Newton, SGD). */
export { type BinaryLinearProblem, type LinearSolveResult, solveDualCd } from './dual-cd.js';
export {
  LINEAR_SVC_PARAM_SPECS,
  LinearSVC,
  type LinearSVCParams,
  type LinearSVCState,
} from './linear-svc.js';
export { solvePrimalNewton } from './primal-newton.js';
export { type SgdOptions, type SgdProblem, type SgdResult, solveSgd } from './sgd.js';
