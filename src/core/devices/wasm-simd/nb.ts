/** The Gaussian NB kernels on wasm-simd (X copied in per call). */
import type { DenseMatrix } from '../../kernels/contract.js';
import type { ClassMoments, NbKernels } from '../../kernels/nb.js';
import { withScratch } from './heap.js';

function classMoments(X: DenseMatrix, y: Int32Array, weights: Float64Array | null, K: number): ClassMoments {
  const { rows: n, cols: d } = X;
  return withScratch((h) => {
    const x = h.putF64(X.data.subarray(0, n * d));
    const yp = h.putI32(y.subarray(0, n));
    const w = weights ? h.putF64(weights.subarray(0, n)) : 0;
    const count = h.alloc(K * 8);
    const mean = h.alloc(K * d * 8);
    const variance = h.alloc(K * d * 8);
    h.fn.classMoments(x, n, d, yp, w, K, count, mean, variance);
    return {
      count: h.f64(count, K).slice(),
      mean: h.f64(mean, K * d).slice(),
      variance: h.f64(variance, K * d).slice(),
    };
  });
}

function jointLogLikelihood(
  X: DenseMatrix,
  theta: Float64Array,
  invVar: Float64Array,
  logConst: Float64Array,
): Float64Array {
  const { rows: n, cols: d } = X;
  const K = logConst.length;
  return withScratch((h) => {
    const x = h.putF64(X.data.subarray(0, n * d));
    const th = h.putF64(theta.subarray(0, K * d));
    const iv = h.putF64(invVar.subarray(0, K * d));
    const l = h.putF64(logConst);
    const out = h.alloc(n * K * 8);
    h.fn.jointLogLikelihood(x, n, d, th, iv, l, K, out);
    return h.f64(out, n * K).slice();
  });
}

export const simdNb: NbKernels = { classMoments, jointLogLikelihood };
