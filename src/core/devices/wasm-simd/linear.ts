/**
 * The linear kernels on wasm-simd. Scores and argmax pass X through wasm memory in row blocks per
 * call; the prepared cross-entropy keeps a small X resident across iterations (in a heap from the
 * free list) and streams a large one in row blocks per evaluation, so a fit never holds a second
 * copy of a large X.
 */

import { DeviceError } from '../../errors.js';
import type { DenseMatrix } from '../../kernels/contract.js';
import type {
  LinearFunctions,
  LinearKernels,
  LinearLossProblem,
  PreparedLinearLoss,
} from '../../kernels/linear.js';
import { blockRows, giveHeap, takeHeap, type WasmHeap, withScratch } from './heap.js';

/** A prepared cross-entropy keeps X resident up to this many bytes and streams it above. */
export const RESIDENT_LOSS_MAX_BYTES = 16 << 20;
let residentMax = RESIDENT_LOSS_MAX_BYTES;

/** Prepares cross-entropies in `body` with X resident up to `bytes` (tests: both paths on one X). */
export function withResidentLossMax<T>(bytes: number, body: () => T): T {
  const saved = residentMax;
  residentMax = bytes;
  try {
    return body();
  } finally {
    residentMax = saved;
  }
}

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

/** Addresses of one evaluation's buffers: X, y, sw (0: unit weights) of a block, and w, grad, Z. */
interface LossBuffers {
  readonly x: number;
  readonly y: number;
  readonly sw: number;
  readonly w: number;
  readonly grad: number;
  readonly z: number;
  /** The kernel's state: the loss without pending logs, the pending product (see linearLoss). */
  readonly acc: number;
}

class SimdLinearLoss implements PreparedLinearLoss {
  /** The resident problem's heap (X, y and sw in it); null when X streams through scratch. */
  private heap: WasmHeap | null;
  private resident: LossBuffers | null;
  private disposed = false;
  private readonly X: Float64Array;
  private readonly labels: Int32Array;
  private readonly weights: Float64Array | null;
  private readonly n: number;
  private readonly d: number;
  private readonly k: number;
  private readonly fitIntercept: number;
  private readonly size: number;
  private readonly block: number;

  constructor(p: LinearLossProblem) {
    this.n = p.X.rows;
    this.d = p.X.cols;
    this.k = p.k;
    this.fitIntercept = p.fitIntercept ? 1 : 0;
    this.size = p.k * p.X.cols + (p.fitIntercept ? p.k : 0);
    this.block = Math.min(this.n, blockRows(this.d));
    this.X = p.X.data.subarray(0, this.n * this.d);
    this.labels = p.y.subarray(0, this.n);
    this.weights = p.sampleWeight ? p.sampleWeight.subarray(0, this.n) : null;
    this.heap = null;
    this.resident = null;
    if (this.X.byteLength <= residentMax) {
      const h = takeHeap();
      this.heap = h;
      const x = h.putF64(this.X);
      const y = h.putI32(this.labels);
      const sw = this.weights ? h.putF64(this.weights) : 0;
      this.resident = { x, y, sw, ...this.scratch(h) };
    }
  }

  /** w, grad, the kernel's 4 x k scratch Z and its two-value state in heap h. */
  private scratch(h: WasmHeap): { w: number; grad: number; z: number; acc: number } {
    return {
      w: h.alloc(this.size * 8),
      grad: h.alloc(this.size * 8),
      z: h.alloc(4 * this.k * 8),
      acc: h.alloc(16),
    };
  }

  valueAndGrad(w: Float64Array, grad: Float64Array | null): number {
    if (this.disposed) throw new DeviceError('wasm-simd: valueAndGrad called after dispose', 'wasm-simd');
    if (this.heap && this.resident) return this.evaluate(this.heap, this.resident, w, grad, false);
    return withScratch((h) => {
      const B = this.block;
      const buffers: LossBuffers = {
        x: h.alloc(B * this.d * 8),
        y: h.alloc(B * 4),
        sw: this.weights ? h.alloc(B * 8) : 0,
        ...this.scratch(h),
      };
      return this.evaluate(h, buffers, w, grad, true);
    });
  }

  /**
   * Value (and gradient into `grad`) block by block in row order, the loss and the gradient carried
   * from block to block: the same sums, in the same order, as one pass over X. A streamed problem
   * copies each block of X, y and sw into the buffers first; a resident one points into its copy.
   */
  private evaluate(
    h: WasmHeap,
    buf: LossBuffers,
    w: Float64Array,
    grad: Float64Array | null,
    stream: boolean,
  ): number {
    const { n, d, k, block: B } = this;
    h.f64(buf.w, this.size).set(w.subarray(0, this.size));
    const g = grad ? buf.grad : 0;
    if (grad) h.f64(buf.grad, this.size).fill(0);
    const xv = stream ? h.f64(buf.x, B * d) : null;
    const yv = stream ? h.i32(buf.y, B) : null;
    const wv = stream && this.weights ? h.f64(buf.sw, B) : null;
    const acc = h.f64(buf.acc, 2);
    acc[0] = 0;
    acc[1] = 1;
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      let x = buf.x + i * d * 8;
      let y = buf.y + i * 4;
      let sw = buf.sw ? buf.sw + i * 8 : 0;
      if (xv && yv) {
        xv.set(this.X.subarray(i * d, (i + m) * d));
        yv.set(this.labels.subarray(i, i + m));
        if (wv && this.weights) wv.set(this.weights.subarray(i, i + m));
        x = buf.x;
        y = buf.y;
        sw = buf.sw;
      }
      h.fn.linearLoss(x, y, sw, m, d, k, this.fitIntercept, buf.w, g, buf.z, buf.acc);
    }
    if (grad) grad.set(h.f64(buf.grad, this.size));
    const state = h.f64(buf.acc, 2);
    return (state[0] as number) + Math.log(state[1] as number);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.heap) giveHeap(this.heap);
    this.heap = null;
    this.resident = null;
  }
}

export const simdLinear: LinearKernels = {
  linearScores,
  linearArgmax,
  prepareLinearLoss: (p) => new SimdLinearLoss(p),
};
