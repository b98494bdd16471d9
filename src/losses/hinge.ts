/**
 * Hinge loss max(0, 1 - y f(x)) of linear SVMs, one-vs-rest for several classes, with an optional
 * L2 penalty. The gradient is the subgradient with slope 0 at the kink (z = 1).
 */
import { MarginLoss, type MarginLossOptions } from './margin.js';

function hinge(z: number, out: Float64Array): void {
  if (z < 1) {
    out[0] = 1 - z;
    out[1] = -1;
  } else {
    out[0] = 0;
    out[1] = 0;
  }
}

/**
 * The hinge loss max(0, 1 - y f(x)) of linear SVMs, one-vs-rest for more than two classes: value and
 * (sub)gradient over a flat parameter vector. Used by LinearSVC with `loss: 'hinge'`.
 */
export class HingeLoss extends MarginLoss {
  readonly name = 'hinge';
  constructor(options: MarginLossOptions = {}) {
    super(hinge, options);
  }
}
