/**
 * Shared machinery of the one-vs-rest margin losses (hinge, squared hinge) on a linear model with
 * parameters flattened as [W (k x d, row-major), b (k)]: k = 1 for two classes (the score is for
 * class 1, labels -1/+1), otherwise one column per class (+1 for the class, -1 for the rest).
 * Scores X W^T and the gradient G^T X go through the backend's matmul; the margins are host side.
 */
import type { Backend } from '../core/backend.js';
import { ShapeError } from '../core/errors.js';
import type { Loss, LossBatch } from './types.js';

export interface MarginLossOptions {
  /** L2 penalty 0.5 * l2 * ||W||^2 added to the value (the intercepts are not penalized). Default 0. */
  readonly l2?: number;
}

/** Per-margin loss: value and derivative at z = y * score. */
export type MarginFn = (z: number) => { value: number; slope: number };

export function outputsFor(nClasses: number): number {
  return nClasses === 2 ? 1 : nClasses;
}

/**
 * value = (1/n) sum_i s_i sum_c phi(y_ic f_c(x_i)) + 0.5 l2 ||W||^2, and its gradient w.r.t. [W, b].
 * `phi` receives the margin and writes value and slope into `out` (no allocation per element).
 */
export async function marginValueAndGrad(
  backend: Backend,
  w: Float64Array,
  batch: LossBatch,
  l2: number,
  phi: (z: number, out: Float64Array) => void,
  withGrad: boolean,
): Promise<{ value: number; grad: Float64Array }> {
  const [n, d] = batch.X.shape as [number, number];
  const k = outputsFor(batch.nClasses);
  if (w.length !== k * (d + 1)) {
    throw new ShapeError(
      `margin loss: parameters have ${w.length} values, expected ${k}x${d} weights + ${k} intercepts = ${k * (d + 1)}`,
    );
  }
  const tw = backend.fromArray(w.subarray(0, k * d), [k, d]);
  const ts = backend.matmul(batch.X, tw, { transposeB: true });
  const scores = await backend.toArray(ts);
  backend.dispose([tw, ts]);
  const coef = new Float64Array(n * k); // d loss / d score
  const gb = new Float64Array(k);
  const tmp = new Float64Array(2);
  const sw = batch.sampleWeight;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const yi = batch.y[i] as number;
    const si = sw ? (sw[i] as number) : 1;
    for (let c = 0; c < k; c++) {
      const target = k === 1 ? (yi === 1 ? 1 : -1) : yi === c ? 1 : -1;
      const f = (scores[i * k + c] as number) + (w[k * d + c] as number);
      phi(target * f, tmp);
      value += si * (tmp[0] as number);
      const g = si * target * (tmp[1] as number);
      coef[i * k + c] = g;
      gb[c] = (gb[c] as number) + g;
    }
  }
  const invN = n > 0 ? 1 / n : 0;
  value *= invN;
  let reg = 0;
  for (let j = 0; j < k * d; j++) reg += (w[j] as number) * (w[j] as number);
  value += 0.5 * l2 * reg;
  const grad = new Float64Array(w.length);
  if (!withGrad) return { value, grad };
  const tc = backend.fromArray(coef, [n, k]);
  const tg = backend.matmul(tc, batch.X, { transposeA: true }); // k x d
  const gw = await backend.toArray(tg);
  backend.dispose([tc, tg]);
  for (let j = 0; j < k * d; j++) grad[j] = (gw[j] as number) * invN + l2 * (w[j] as number);
  for (let c = 0; c < k; c++) grad[k * d + c] = (gb[c] as number) * invN;
  return { value, grad };
}

/** A one-vs-rest margin loss given by its per-margin function `phi` (see marginValueAndGrad). */
export abstract class MarginLoss implements Loss {
  abstract readonly name: string;
  readonly l2: number;
  private readonly phi: (z: number, out: Float64Array) => void;

  protected constructor(phi: (z: number, out: Float64Array) => void, options: MarginLossOptions) {
    this.phi = phi;
    this.l2 = options.l2 ?? 0;
  }

  valueAndGrad(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
  ): Promise<{ value: number; grad: Float64Array }> {
    return marginValueAndGrad(backend, w, batch, this.l2, this.phi, true);
  }

  async value(backend: Backend, w: Float64Array, batch: LossBatch): Promise<number> {
    return (await marginValueAndGrad(backend, w, batch, this.l2, this.phi, false)).value;
  }
}
