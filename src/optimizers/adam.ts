/**
 * Adam (Kingma & Ba 2015) with bias correction:
 *   m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;  w <- w - lr m^ / (sqrt(v^) + eps).
 */
import { ParamError } from '../core/errors.js';
import { FirstOrderOptimizer } from './first-order.js';
import type { Objective, StepResult } from './types.js';
import { maxAbs } from './vector.js';

export interface AdamOptions {
  /** Default 0.001. */
  readonly learningRate?: number;
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Default 1e-8. */
  readonly epsilon?: number;
  /** Relative value-change tolerance of minimize (default 0: gradient norm only). */
  readonly ftol?: number;
}

/**
 * The Adam optimizer (Kingma & Ba): per-parameter step sizes from running first and second moments of
 * the gradient, with bias correction; for stochastic (mini-batch) objectives.
 *
 * @example
 * ```ts
 * import { Adam } from 'autolearn';
 *
 * const objective = {
 *   valueAndGrad: async (w: Float64Array) => ({ value: (w[0]! - 1) ** 2, grad: Float64Array.from([2 * (w[0]! - 1)]) }),
 * };
 * const r = await new Adam({ learningRate: 0.1 }).minimize(new Float64Array(1), objective, { maxIter: 500, tol: 1e-8 });
 * console.log(r.w[0]); // close to 1
 * ```
 */
export class Adam extends FirstOrderOptimizer {
  readonly name = 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected readonly ftol: number;
  private m: Float64Array | null = null;
  private v: Float64Array | null = null;
  private t = 0;

  constructor(options: AdamOptions = {}) {
    super();
    this.learningRate = options.learningRate ?? 0.001;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.ftol = options.ftol ?? 0;
    if (!(this.learningRate > 0 && Number.isFinite(this.learningRate))) {
      throw new ParamError('learningRate', this.learningRate, 'a finite number > 0', 'Adam');
    }
    for (const [name, b] of [
      ['beta1', this.beta1],
      ['beta2', this.beta2],
    ] as const) {
      if (!(b >= 0 && b < 1)) throw new ParamError(name, b, 'a number with 0 <= x < 1', 'Adam');
    }
    if (!(this.epsilon > 0)) throw new ParamError('epsilon', this.epsilon, 'a number > 0', 'Adam');
  }

  reset(): void {
    this.m = null;
    this.v = null;
    this.t = 0;
  }

  async step(w: Float64Array, objective: Objective): Promise<StepResult> {
    const { value, grad } = await objective.valueAndGrad(w);
    if (!this.m || this.m.length !== w.length) {
      this.m = new Float64Array(w.length);
      this.v = new Float64Array(w.length);
      this.t = 0;
    }
    const m = this.m;
    const v = this.v as Float64Array;
    this.t++;
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    let stepSize = 0;
    for (let i = 0; i < w.length; i++) {
      const g = grad[i] as number;
      const mi = b1 * (m[i] as number) + (1 - b1) * g;
      const vi = b2 * (v[i] as number) + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const delta = (-this.learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
      w[i] = (w[i] as number) + delta;
      const a = Math.abs(delta);
      if (a > stepSize) stepSize = a;
    }
    return { value, gradNorm: maxAbs(grad), stepSize };
  }
}
