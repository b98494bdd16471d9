/**
 * The linear kernels on wasm-simd. Scores and argmax pass X through wasm memory in row blocks per
 * call; the prepared cross-entropy is in loss.ts.
 */

import type { DenseMatrix } from '../../kernels/contract.js';
import type { LinearFunctions, LinearKernels } from '../../kernels/linear.js';
import { blockRows, type WasmHeap, withScratch } from './heap.js';
import { SimdLinearLoss } from './loss.js';

export { RESIDENT_LOSS_MAX_BYTES, withResidentLossMax } from './loss.js';

/**
 * Runs the row-wise kernel `run(x, m, out)` over X in blocks of rows, k outputs (of `bytes` bytes) per
 * row, through scratch: each block of X copied in, its outputs copied out into `result`.
 */
function blocked<T extends Float64Array | Int32Array>(
  X: DenseMatrix,
  f: LinearFunctions,
  result: T,
  perRow: number,
  run: (h: WasmHeap, x: number, m: number, w: number, b: number, out: number) => void,
): T {
  const { rows: n, cols: d } = X;
  const B = Math.min(n, blockRows(d));
  const size = result.BYTES_PER_ELEMENT;
  withScratch((h) => {
    const x = h.alloc(B * d * 8);
    const out = h.alloc(B * perRow * size);
    const w = h.putF64(f.W);
    const b = h.putF64(f.b);
    const xv = h.f64(x, B * d);
    const ov = size === 8 ? h.f64(out, B * perRow) : h.i32(out, B * perRow);
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      xv.set(X.data.subarray(i * d, (i + m) * d));
      run(h, x, m, w, b, out);
      result.set(m === B ? ov : ov.subarray(0, m * perRow), i * perRow);
    }
  });
  return result;
}

function linearScores(X: DenseMatrix, f: LinearFunctions): Float64Array {
  return blocked(X, f, new Float64Array(X.rows * f.k), f.k, (h, x, m, w, b, out) =>
    h.fn.linearScores(x, m, X.cols, w, b, f.k, out),
  );
}

function linearArgmax(X: DenseMatrix, f: LinearFunctions): Int32Array {
  return blocked(X, f, new Int32Array(X.rows), 1, (h, x, m, w, b, out) =>
    h.fn.linearArgmax(x, m, X.cols, w, b, f.k, out),
  );
}

export const simdLinear: LinearKernels = {
  linearScores,
  linearArgmax,
  prepareLinearLoss: (p) => new SimdLinearLoss(p),
};
