/**
 * The prepared cross-entropy on wasm-simd. It keeps a small X resident across iterations (in a
 * heap from the free list) and streams a large one in row blocks per evaluation, so a fit never
 * holds a second copy of a large X. With threads (LinearLossProblem.threads, bounded by the cores
 * and the thread cap) the rows are split over the worker pool (loss-pool.ts).
 */
import { DeviceError } from '../../errors.js';
import type { LinearLossProblem, PreparedLinearLoss } from '../../kernels/linear.js';
import { resolveJobs } from '../../worker.js';
import { blockRows, giveHeap, takeHeap, type WasmHeap, withScratch } from './heap.js';
import { LossSplit } from './loss-pool.js';
import {
  addRows,
  beginEvaluation,
  endEvaluation,
  evaluateRows,
  type LossBuffers,
  type LossCall,
  lossScratch,
} from './loss-rows.js';

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

/** Whether a prepared problem of this many bytes of X keeps it resident. */
export function keepsResident(bytes: number): boolean {
  return bytes <= residentMax;
}

/**
 * Value (and gradient) of rows [0, end) of X (n x d, with labels y and weights sw) streamed through
 * heap h in blocks of `block` rows (a multiple of four): each block copied into the buffers first.
 */
export function streamRows(
  h: WasmHeap,
  X: Float64Array,
  y: Int32Array,
  sw: Float64Array | null,
  c: LossCall,
  end: number,
): number {
  const { d } = c;
  const B = Math.min(end, blockRows(d));
  const buf: LossBuffers = {
    x: h.alloc(B * d * 8),
    y: h.alloc(B * 4),
    sw: sw ? h.alloc(B * 8) : 0,
    ...lossScratch(h, c.size, c.k),
  };
  const xv = h.f64(buf.x, B * d);
  const yv = h.i32(buf.y, B);
  const wv = sw ? h.f64(buf.sw, B) : null;
  beginEvaluation(h, buf, c);
  for (let i = 0; i < end; i += B) {
    const m = Math.min(B, end - i);
    xv.set(X.subarray(i * d, (i + m) * d));
    yv.set(y.subarray(i, i + m));
    if (wv && sw) wv.set(sw.subarray(i, i + m));
    addRows(h, buf, c, buf.x, buf.y, buf.sw, m);
  }
  return endEvaluation(h, buf, c);
}

export class SimdLinearLoss implements PreparedLinearLoss {
  /** The resident problem's heap (X, y and sw in it); null when X streams through scratch. */
  private heap: WasmHeap | null = null;
  private resident: LossBuffers | null = null;
  private split: LossSplit | null = null;
  private disposed = false;
  private readonly X: Float64Array;
  private readonly labels: Int32Array;
  private readonly weights: Float64Array | null;
  private readonly n: number;
  private readonly d: number;
  private readonly k: number;
  private readonly fitIntercept: boolean;
  private readonly size: number;

  constructor(p: LinearLossProblem) {
    this.n = p.X.rows;
    this.d = p.X.cols;
    this.k = p.k;
    this.fitIntercept = p.fitIntercept;
    this.size = p.k * p.X.cols + (p.fitIntercept ? p.k : 0);
    this.X = p.X.data.subarray(0, this.n * this.d);
    this.labels = p.y.subarray(0, this.n);
    this.weights = p.sampleWeight ? p.sampleWeight.subarray(0, this.n) : null;
    if (keepsResident(this.X.byteLength)) {
      const h = takeHeap();
      this.heap = h;
      const x = h.putF64(this.X);
      const y = h.putI32(this.labels);
      const sw = this.weights ? h.putF64(this.weights) : 0;
      this.resident = { x, y, sw, ...lossScratch(h, this.size, this.k) };
    }
    const threads = resolveJobs(p.threads ?? 1);
    if (threads > 1 && this.n >= 8 * threads) {
      const problem = {
        X: this.X,
        y: this.labels,
        sw: this.weights,
        n: this.n,
        d: this.d,
        k: this.k,
        fitIntercept: this.fitIntercept,
      };
      this.split = new LossSplit(problem, threads, (w, grad, end) => this.rows(w, grad, end));
    }
  }

  valueAndGrad(w: Float64Array, grad: Float64Array | null): number | Promise<number> {
    if (this.disposed) throw new DeviceError('wasm-simd: valueAndGrad called after dispose', 'wasm-simd');
    return this.split ? this.split.valueAndGrad(w, grad) : this.rows(w, grad, this.n);
  }

  /** Value (and gradient into `grad`) of rows [0, end) on this thread, in row order. */
  private rows(w: Float64Array, grad: Float64Array | null, end: number): number {
    if (this.disposed) throw new DeviceError('wasm-simd: valueAndGrad called after dispose', 'wasm-simd');
    const c: LossCall = {
      n: end,
      d: this.d,
      k: this.k,
      fitIntercept: this.fitIntercept,
      size: this.size,
      w,
      grad,
    };
    if (this.heap && this.resident) return evaluateRows(this.heap, this.resident, c);
    return withScratch((h) => streamRows(h, this.X, this.labels, this.weights, c, end));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.split?.dispose();
    this.split = null;
    if (this.heap) giveHeap(this.heap);
    this.heap = null;
    this.resident = null;
  }
}
