/** The Gaussian NB kernels on wasm-simd (X passed through wasm memory in row blocks per call). */
import type { DenseMatrix } from '../../kernels/contract.js';
import type { ClassMoments, NbKernels } from '../../kernels/nb.js';
import { blockRows, withScratch } from './heap.js';
import { chunkCount, chunkMoments, chunkStride, foldChunks } from './nb-moments.js';
import { chunkMomentsParallel, momentHelpers } from './nb-pool.js';

/**
 * Count, mean and biased variance per class: the chunked two-pass moments of nb-moments.ts, split
 * over the worker pool for a large matrix (the same values either way).
 */
function classMoments(
  X: DenseMatrix,
  y: Int32Array,
  weights: Float64Array | null,
  K: number,
): ClassMoments | Promise<ClassMoments> {
  const { rows: n, cols: d } = X;
  const y0 = y.subarray(0, n);
  const w0 = weights ? weights.subarray(0, n) : null;
  const chunks = chunkCount(n);
  const helpers = momentHelpers(X.data, n, d);
  if (helpers > 0) {
    return chunkMomentsParallel(X.data, d, y0, w0, K, helpers).then((packed) =>
      foldChunks(packed, chunks, K, d),
    );
  }
  const packed = new Float64Array(chunks * chunkStride(K, d));
  chunkMoments(X.data, d, y0, w0, K, 0, chunks, packed, 0);
  return foldChunks(packed, chunks, K, d);
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
