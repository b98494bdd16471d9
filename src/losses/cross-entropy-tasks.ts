/** Pool task of the cross-entropy (see cross-entropy-pool.ts): the fused kernel on a row range. */
import { type CeProblem, crossEntropySum } from '../core/kernels/reference/linear-loss.js';

export interface CeRowsTask {
  readonly X: SharedArrayBuffer;
  readonly y: SharedArrayBuffer;
  readonly sw: SharedArrayBuffer | null;
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
    X: new Float64Array(t.X, start * d * 8, (end - start) * d),
    n: end - start,
    d,
    y: new Int32Array(t.y, start * 4, end - start),
    k: t.k,
    fitIntercept: t.fitIntercept,
    sampleWeight: t.sw ? new Float64Array(t.sw, start * 8, end - start) : undefined,
  };
  const grad = t.grad ? new Float64Array(t.w.length) : null;
  return { value: crossEntropySum(p, t.w, grad), grad };
}
