/**
 * Squared hinge loss max(0, 1 - y f(x))^2 (LinearSVC's default), one-vs-rest for several classes,
 * with an optional L2 penalty. Differentiable everywhere: slope -2 max(0, 1 - z).
 */
import { MarginLoss, type MarginLossOptions } from './margin.js';

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

/**
 * The squared hinge loss max(0, 1 - y f(x))^2 (liblinear's default for LinearSVC): smooth, so it has a
 * full gradient; one-vs-rest for more than two classes.
 */
export class SquaredHingeLoss extends MarginLoss {
  readonly name = 'squared_hinge';
  constructor(options: MarginLossOptions = {}) {
    super(squaredHinge, options);
  }
}
