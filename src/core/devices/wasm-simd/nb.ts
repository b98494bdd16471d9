/** The Gaussian NB kernels on wasm-simd (X passed through wasm memory in row blocks per call). */
import type { DenseMatrix } from '../../kernels/contract.js';
import type { ClassMoments, NbKernels } from '../../kernels/nb.js';
import { blockRows, withScratch } from './heap.js';

/** a[c * d + j] /= count[c]: the division the single-pass kernel did, bit for bit (IEEE division). */
function divideByCount(a: Float64Array, count: Float64Array, d: number): void {
  for (let c = 0; c < count.length; c++) {
    const v = count[c] as number;
    for (let j = c * d; j < c * d + d; j++) a[j] = (a[j] as number) / v;
  }
}

function classMoments(X: DenseMatrix, y: Int32Array, weights: Float64Array | null, K: number): ClassMoments {
  const { rows: n, cols: d } = X;
  const B = Math.min(n, blockRows(d));
  return withScratch((h) => {
    const x = h.alloc(B * d * 8);
    const yp = h.alloc(B * 4);
    const w = weights ? h.alloc(B * 8) : 0;
    const count = h.alloc(K * 8);
    const mean = h.alloc(K * d * 8);
    const variance = h.alloc(K * d * 8);
    const xv = h.f64(x, B * d);
    const yv = h.i32(yp, B);
    const wv = weights ? h.f64(w, B) : null;
    const cv = h.f64(count, K).fill(0);
    const mv = h.f64(mean, K * d).fill(0);
    const vv = h.f64(variance, K * d).fill(0);
    const put = (i: number, m: number) => {
      xv.set(X.data.subarray(i * d, (i + m) * d));
      yv.set(y.subarray(i, i + m));
      if (wv && weights) wv.set(weights.subarray(i, i + m));
    };
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      put(i, m);
      h.fn.classSums(x, m, d, yp, w, count, mean);
    }
    divideByCount(mv, cv, d);
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      put(i, m);
      h.fn.classSquares(x, m, d, yp, w, mean, variance);
    }
    divideByCount(vv, cv, d);
    return { count: cv.slice(), mean: mv.slice(), variance: vv.slice() };
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
  const B = Math.min(n, blockRows(d));
  const result = new Float64Array(n * K);
  withScratch((h) => {
    const x = h.alloc(B * d * 8);
    const out = h.alloc(B * K * 8);
    const th = h.putF64(theta.subarray(0, K * d));
    const iv = h.putF64(invVar.subarray(0, K * d));
    const l = h.putF64(logConst);
    const xv = h.f64(x, B * d);
    const ov = h.f64(out, B * K);
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      xv.set(X.data.subarray(i * d, (i + m) * d));
      h.fn.jointLogLikelihood(x, m, d, th, iv, l, K, out);
      result.set(m === B ? ov : ov.subarray(0, m * K), i * K);
    }
  });
  return result;
}

export const simdNb: NbKernels = { classMoments, jointLogLikelihood };
