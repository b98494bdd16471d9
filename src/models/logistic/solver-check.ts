/**
 * scikit-learn 1.2's solver / penalty / dual / multi_class compatibility rules for
 * LogisticRegression (`_check_solver`, `_check_multi_class`), as typed ParamErrors naming the
 * combination. autolearn's own mini-batch optimizers (sgd, momentum, adam) take l2 / none.
 */
import { ParamError } from '../../core/errors.js';
import type { LogisticPenalty, LogisticSolver } from './params.js';

const OWNER = 'LogisticRegression';

/** The penalty with null folded into 'none'. */
export function normalizePenalty(p: LogisticPenalty | undefined): 'l1' | 'l2' | 'elasticnet' | 'none' {
  return p === null || p === undefined ? 'none' : p;
}

export function checkSolver(
  solver: LogisticSolver,
  penalty: 'l1' | 'l2' | 'elasticnet' | 'none',
  dual: boolean,
  l1Ratio: number | null,
): void {
  if (solver !== 'liblinear' && solver !== 'saga' && penalty !== 'l2' && penalty !== 'none') {
    throw new ParamError(
      'penalty',
      penalty,
      `'l2' or 'none' (solver '${solver}' supports only 'l2' or 'none' penalties; 'l1' needs liblinear or saga, 'elasticnet' saga)`,
      OWNER,
    );
  }
  if (solver !== 'liblinear' && dual) {
    throw new ParamError('dual', dual, `false (solver '${solver}' supports only dual=false)`, OWNER);
  }
  if (penalty === 'elasticnet' && solver !== 'saga') {
    throw new ParamError('solver', solver, "'saga' (only saga supports the elasticnet penalty)", OWNER);
  }
  if (solver === 'liblinear' && penalty === 'none') {
    throw new ParamError(
      'penalty',
      penalty,
      "'l1' or 'l2' (penalty 'none' is not supported by the liblinear solver)",
      OWNER,
    );
  }
  if (solver === 'liblinear' && dual && penalty !== 'l2') {
    throw new ParamError(
      'dual',
      dual,
      `false with penalty '${penalty}' (liblinear solves the dual for penalty 'l2' only)`,
      OWNER,
    );
  }
  if (penalty === 'elasticnet' && (l1Ratio === null || l1Ratio === undefined)) {
    throw new ParamError('l1Ratio', l1Ratio, "a number in [0, 1] with penalty 'elasticnet'", OWNER);
  }
}

/** scikit-learn's resolution of multi_class for a solver and number of classes. */
export function resolveMultiClass(
  multiClass: 'auto' | 'ovr' | 'multinomial',
  solver: LogisticSolver,
  nClasses: number,
): 'ovr' | 'multinomial' {
  let mc = multiClass;
  if (mc === 'auto') {
    if (solver === 'liblinear' || solver === 'newton-cholesky') mc = 'ovr';
    else mc = nClasses > 2 ? 'multinomial' : 'ovr';
  }
  if (mc === 'multinomial' && (solver === 'liblinear' || solver === 'newton-cholesky')) {
    throw new ParamError(
      'multiClass',
      'multinomial',
      `'ovr' or 'auto' (solver '${solver}' does not support a multinomial backend)`,
      OWNER,
    );
  }
  return mc;
}
