/**
 * Stochastic gradient descent with optional (Nesterov) momentum and 1/t learning-rate decay:
 *   v <- momentum v - lr_t g;  w <- w + v            (classical)
 *   w <- w + momentum v - lr_t g   (after the v update)   (Nesterov, Sutskever et al. form)
 * with lr_t = learningRate / (1 + decay t). `step` reports the value and gradient norm at the
 * point before the update.
 */
import { ParamError } from '../core/errors.js';
import { FirstOrderOptimizer } from './first-order.js';
import type { Objective, StepResult } from './types.js';
import { maxAbs } from './vector.js';

export interface SgdOptions {
  /** Step size (default 0.01). */
  readonly learningRate?: number;
  /** Momentum coefficient in [0, 1) (default 0 for sgd, 0.9 for momentum). */
  readonly momentum?: number;
  readonly nesterov?: boolean;
  /** lr_t = learningRate / (1 + decay * t) (default 0). */
  readonly decay?: number;
  /** Relative value-change tolerance of minimize (default 0: gradient norm only). */
  readonly ftol?: number;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum and a fixed step size.
 *
 * @example
 * ```ts
 * import { Sgd } from 'autolearn';
 *
 * const objective = {
 *   valueAndGrad: async (w: Float64Array) => ({ value: w[0]! ** 2, grad: Float64Array.from([2 * w[0]!]) }),
 * };
 * const w = Float64Array.from([5]);
 * const sgd = new Sgd({ learningRate: 0.1 });
 * for (let i = 0; i < 50; i++) await sgd.step(w, objective);
 * console.log(w[0]); // close to 0
 * ```
 */
export class Sgd extends FirstOrderOptimizer {
  readonly name: string = 'sgd';
  readonly learningRate: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly decay: number;
  protected readonly ftol: number;
  private velocity: Float64Array | null = null;
  private t = 0;

  constructor(options: SgdOptions = {}, defaultMomentum = 0) {
    super();
    this.learningRate = options.learningRate ?? 0.01;
    this.momentum = options.momentum ?? defaultMomentum;
    this.nesterov = options.nesterov ?? false;
    this.decay = options.decay ?? 0;
    this.ftol = options.ftol ?? 0;
    if (!(this.learningRate > 0 && Number.isFinite(this.learningRate))) {
      throw new ParamError('learningRate', this.learningRate, 'a finite number > 0', this.constructor.name);
    }
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new ParamError('momentum', this.momentum, 'a number with 0 <= x < 1', this.constructor.name);
    }
    if (!(this.decay >= 0 && Number.isFinite(this.decay))) {
      throw new ParamError('decay', this.decay, 'a finite number >= 0', this.constructor.name);
    }
  }

  reset(): void {
    this.velocity = null;
    this.t = 0;
  }

  async step(w: Float64Array, objective: Objective): Promise<StepResult> {
    const { value, grad } = await objective.valueAndGrad(w);
    if (!this.velocity || this.velocity.length !== w.length) this.velocity = new Float64Array(w.length);
    const v = this.velocity;
    const lr = this.learningRate / (1 + this.decay * this.t);
    this.t++;
    const mu = this.momentum;
    let stepSize = 0;
    for (let i = 0; i < w.length; i++) {
      const g = grad[i] as number;
      const vi = mu * (v[i] as number) - lr * g;
      v[i] = vi;
      const delta = this.nesterov ? mu * vi - lr * g : vi;
      w[i] = (w[i] as number) + delta;
      const a = Math.abs(delta);
      if (a > stepSize) stepSize = a;
    }
    return { value, gradNorm: maxAbs(grad), stepSize };
  }
}

/** SGD with momentum 0.9 by default (Nesterov optional). */
export class Momentum extends Sgd {
  override readonly name: string = 'momentum';
  constructor(options: SgdOptions = {}) {
    super(options, 0.9);
  }
}
