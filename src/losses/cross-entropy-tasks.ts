/** Pool task of the cross-entropy (see cross-entropy-pool.ts): the fused kernel on a row range. */
import { type CeProblem, crossEntropySum } from '../core/kernels/reference/linear-loss.js';

export interface CeRowsTask {
  /** The whole problem's rows, labels and weights, in shared memory. */
  readonly X: Float64Array;
  readonly y: Int32Array;
  readonly sw: Float64Array | null;
  readonly d: number;
  readonly k: number;
  readonly fitIntercept: boolean;
  readonly start: number;
  readonly end: number;
  readonly w: Float64Array;
  readonly grad: boolean;
}

export function ceRows(t: CeRowsTask): { value: number; grad: Float64Array | null } {
  const { d, start, end } = t;
  const p: CeProblem = {
    X: t.X.subarray(start * d, end * d),
    n: end - start,
    d,
    y: t.y.subarray(start, end),
    k: t.k,
    fitIntercept: t.fitIntercept,
    sampleWeight: t.sw?.subarray(start, end),
  };
  const grad = t.grad ? new Float64Array(t.w.length) : null;
  return { value: crossEntropySum(p, t.w, grad), grad };
}
