/* Optimizers on a flat parameter vector: sgd, momentum, adam, lbfgs (+ the Moré-Thuente line search). */
import { ParamError } from '../core/errors.js';
import { Adam, type AdamOptions } from './adam.js';
import { Lbfgs, type LbfgsOptions } from './lbfgs.js';
import { Momentum, Sgd, type SgdOptions } from './sgd.js';
import type { Optimizer } from './types.js';

export { Adam, type AdamOptions } from './adam.js';
export { FirstOrderOptimizer } from './first-order.js';
export { Lbfgs, type LbfgsOptions } from './lbfgs.js';
export { type LinePoint, type LineSearchOptions, type LineSearchResult, moreThuente } from './line-search.js';
export { Momentum, Sgd, type SgdOptions } from './sgd.js';
export type {
  MinimizeOptions,
  MinimizeResult,
  Objective,
  Optimizer,
  StepResult,
  StopReason,
} from './types.js';

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'lbfgs';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'lbfgs'];

/**
 * An optimizer by name with its options (unknown names throw a ParamError).
 *
 * @example
 * ```ts
 * import { createOptimizer } from 'autolearn';
 *
 * const opt = createOptimizer('adam', { learningRate: 0.01 });
 * console.log(opt.name);
 * ```
 */
export function createOptimizer(
  name: OptimizerName | string,
  options: SgdOptions & AdamOptions & LbfgsOptions = {},
): Optimizer {
  switch (name) {
    case 'sgd':
      return new Sgd(options);
    case 'momentum':
      return new Momentum(options);
    case 'adam':
      return new Adam(options);
    case 'lbfgs':
      return new Lbfgs(options);
    default:
      throw new ParamError('optimizer', name, OPTIMIZER_NAMES.map((n) => `'${n}'`).join(', '));
  }
}

/**
 * True when `x` implements the `Optimizer` contract (`name`, `reset`, `step`, `minimize`).
 */
export function isOptimizer(x: unknown): x is Optimizer {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Optimizer).step === 'function' &&
    typeof (x as Optimizer).minimize === 'function' &&
    typeof (x as Optimizer).reset === 'function'
  );
}
