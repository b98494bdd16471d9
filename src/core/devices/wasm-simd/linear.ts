/**
 * The linear kernels on wasm-simd. Scores and argmax pass X through wasm memory in row blocks per
 * call; the prepared cross-entropy is in loss.ts.
 */

import type { DenseMatrix } from '../../kernels/contract.js';
import type { LinearFunctions, LinearKernels } from '../../kernels/linear.js';
import { blockRows, ONE_PASS_BLOCK_BYTES, type WasmHeap, withScratch } from './heap.js';
import { SimdLinearLoss } from './loss.js';

export { RESIDENT_LOSS_MAX_BYTES, withResidentLossMax } from './loss.js';

/** Classes per group of the scores kernels (assembly/linear.ts): their weights scratch holds whole groups. */
const WEIGHT_GROUP = 4;

/**
 * Runs the row-wise kernel `run(x, m, out)` over X in blocks of rows, k outputs (of `bytes` bytes) per
 * row, through scratch: each block of X copied in, its outputs copied out into `result`; `wg` is the
 * kernel's scratch for the grouped weights.
 */
function blocked<T extends Float64Array | Int32Array>(
  X: DenseMatrix,
  f: LinearFunctions,
  result: T,
  perRow: number,
  run: (h: WasmHeap, x: number, m: number, w: number, b: number, wg: number, out: number) => void,
): T {
  const { rows: n, cols: d } = X;
  const B = Math.min(n, blockRows(d, ONE_PASS_BLOCK_BYTES));
  const size = result.BYTES_PER_ELEMENT;
  withScratch((h) => {
    const x = h.alloc(B * d * 8);
    const out = h.alloc(B * perRow * size);
    const w = h.putF64(f.W);
    const b = h.putF64(f.b);
    const wg = h.alloc(Math.ceil(f.k / WEIGHT_GROUP) * WEIGHT_GROUP * d * 8);
    const xv = h.f64(x, B * d);
    const ov = size === 8 ? h.f64(out, B * perRow) : h.i32(out, B * perRow);
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      xv.set(X.data.subarray(i * d, (i + m) * d));
      run(h, x, m, w, b, wg, out);
      result.set(m === B ? ov : ov.subarray(0, m * perRow), i * perRow);
    }
  });
  return result;
}

function linearScores(X: DenseMatrix, f: LinearFunctions): Float64Array {
  return blocked(X, f, new Float64Array(X.rows * f.k), f.k, (h, x, m, w, b, wg, out) =>
    h.fn.linearScores(x, m, X.cols, w, b, f.k, wg, out),
  );
}

function linearArgmax(X: DenseMatrix, f: LinearFunctions): Int32Array {
  return blocked(X, f, new Int32Array(X.rows), 1, (h, x, m, w, b, wg, out) =>
    h.fn.linearArgmax(x, m, X.cols, w, b, f.k, wg, out),
  );
}

export const simdLinear: LinearKernels = {
  linearScores,
  linearArgmax,
  prepareLinearLoss: (p) => new SimdLinearLoss(p),
};
