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

/** a (K x d) transposed to d x K2 (K2 = K rounded up to even; the padding lane is 0). */
function transposed(a: Float64Array, K: number, d: number, K2: number): Float64Array {
  const t = new Float64Array(d * K2);
  for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) t[j * K2 + c] = a[c * d + j] as number;
  return t;
}

function jointLogLikelihood(
  X: DenseMatrix,
  theta: Float64Array,
  invVar: Float64Array,
  logConst: Float64Array,
): Float64Array {
  const { rows: n, cols: d } = X;
  const K = logConst.length;
  const K2 = K + (K & 1);
  const lc = new Float64Array(K2);
  lc.set(logConst);
  return withScratch((h) => {
    const x = h.putF64(X.data.subarray(0, n * d));
    const th = h.putF64(transposed(theta, K, d, K2));
    const iv = h.putF64(transposed(invVar, K, d, K2));
    const l = h.putF64(lc);
    const out = h.alloc(n * K * 8);
    h.fn.jointLogLikelihood(x, n, d, th, iv, l, K, K2, out);
    return h.f64(out, n * K).slice();
  });
}

export const simdNb: NbKernels = { classMoments, jointLogLikelihood };
