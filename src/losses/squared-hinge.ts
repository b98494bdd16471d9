/**
 * Squared hinge loss max(0, 1 - y f(x))^2 (LinearSVC's default), one-vs-rest for several classes,
 * with an optional L2 penalty. Differentiable everywhere: slope -2 max(0, 1 - z).
 */
import type { Backend } from '../core/backend.js';
import { type MarginLossOptions, marginValueAndGrad } from './margin.js';
import type { Loss, LossBatch } from './types.js';

function squaredHinge(z: number, out: Float64Array): void {
  if (z < 1) {
    const m = 1 - z;
    out[0] = m * m;
    out[1] = -2 * m;
  } else {
    out[0] = 0;
    out[1] = 0;
  }
}

export class SquaredHingeLoss implements Loss {
  readonly name = 'squared_hinge';
  readonly l2: number;
  constructor(options: MarginLossOptions = {}) {
    this.l2 = options.l2 ?? 0;
  }
  valueAndGrad(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
  ): Promise<{ value: number; grad: Float64Array }> {
    return marginValueAndGrad(backend, w, batch, this.l2, squaredHinge, true);
  }
  async value(backend: Backend, w: Float64Array, batch: LossBatch): Promise<number> {
    return (await marginValueAndGrad(backend, w, batch, this.l2, squaredHinge, false)).value;
  }
}
