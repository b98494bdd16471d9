/**
 * Hinge loss max(0, 1 - y f(x)) of linear SVMs, one-vs-rest for several classes, with an optional
 * L2 penalty. The gradient is the subgradient with slope 0 at the kink (z = 1).
 */
import type { Backend } from '../core/backend.js';
import { type MarginLossOptions, marginValueAndGrad } from './margin.js';
import type { Loss, LossBatch } from './types.js';

function hinge(z: number, out: Float64Array): void {
  if (z < 1) {
    out[0] = 1 - z;
    out[1] = -1;
  } else {
    out[0] = 0;
    out[1] = 0;
  }
}

export class HingeLoss implements Loss {
  readonly name = 'hinge';
  readonly l2: number;
  constructor(options: MarginLossOptions = {}) {
    this.l2 = options.l2 ?? 0;
  }
  valueAndGrad(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
  ): Promise<{ value: number; grad: Float64Array }> {
    return marginValueAndGrad(backend, w, batch, this.l2, hinge, true);
  }
  async value(backend: Backend, w: Float64Array, batch: LossBatch): Promise<number> {
    return (await marginValueAndGrad(backend, w, batch, this.l2, hinge, false)).value;
  }
}
