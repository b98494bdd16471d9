/**
 * One evaluation of the SIMD cross-entropy kernel over rows resident in a wasm heap: what the
 * prepared loss (linear.ts) runs on a resident X and what a pool thread runs on its row range
 * (loss-tasks.ts). The kernel's sums carry from row to row, so one call over n rows is exactly the
 * blocks of a streamed X in row order.
 */
import type { WasmHeap } from './heap.js';

/** Addresses of one evaluation's buffers: X, y, sw (0: unit weights) of the rows, and w, grad, Z, acc. */
export interface LossBuffers {
  readonly x: number;
  readonly y: number;
  readonly sw: number;
  readonly w: number;
  readonly grad: number;
  /** The kernel's 4 x k scratch. */
  readonly z: number;
  /** The kernel's state: the loss without pending logs, the pending product (see linearLoss). */
  readonly acc: number;
}

/** The problem's shape and one evaluation's point, with the gradient's destination (null: value only). */
export interface LossCall {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly fitIntercept: boolean;
  /** Parameters: k * d weights, then k intercepts when fitIntercept. */
  readonly size: number;
  readonly w: Float64Array;
  readonly grad: Float64Array | null;
}

/** w, grad, the kernel's 4 x k scratch and its two-value state, allocated in heap h. */
export function lossScratch(
  h: WasmHeap,
  size: number,
  k: number,
): { w: number; grad: number; z: number; acc: number } {
  return { w: h.alloc(size * 8), grad: h.alloc(size * 8), z: h.alloc(4 * k * 8), acc: h.alloc(16) };
}

/** Copies w in and zeroes the gradient and the kernel's state. */
export function beginEvaluation(h: WasmHeap, buf: LossBuffers, c: LossCall): void {
  h.f64(buf.w, c.size).set(c.w.subarray(0, c.size));
  if (c.grad) h.f64(buf.grad, c.size).fill(0);
  const acc = h.f64(buf.acc, 2);
  acc[0] = 0;
  acc[1] = 1;
}

/** The kernel on `m` rows at x, y, sw (addresses in h), carrying the state of the evaluation. */
export function addRows(
  h: WasmHeap,
  buf: LossBuffers,
  c: LossCall,
  x: number,
  y: number,
  sw: number,
  m: number,
): void {
  h.fn.linearLoss(
    x,
    y,
    sw,
    m,
    c.d,
    c.k,
    c.fitIntercept ? 1 : 0,
    buf.w,
    c.grad ? buf.grad : 0,
    buf.z,
    buf.acc,
  );
}

/** The evaluation's value; its gradient copied out into c.grad. */
export function endEvaluation(h: WasmHeap, buf: LossBuffers, c: LossCall): number {
  if (c.grad) c.grad.set(h.f64(buf.grad, c.size));
  const state = h.f64(buf.acc, 2);
  return (state[0] as number) + Math.log(state[1] as number);
}

/** Value (and gradient) over the first c.n rows resident at buf.x, buf.y, buf.sw. */
export function evaluateRows(h: WasmHeap, buf: LossBuffers, c: LossCall): number {
  beginEvaluation(h, buf, c);
  addRows(h, buf, c, buf.x, buf.y, buf.sw, c.n);
  return endEvaluation(h, buf, c);
}
