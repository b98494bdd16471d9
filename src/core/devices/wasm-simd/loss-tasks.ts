/**
 * Pool task of the threaded wasm-simd cross-entropy (see loss-pool.ts): the SIMD kernel on one row
 * range of a problem whose X, y and sample weights sit in shared memory. A pool thread copies its
 * range into a wasm heap of its own on the first evaluation of a session and keeps it for the next
 * ones (the last few ranges it served, so a fit copies X once, not once per evaluation); a range
 * too big to keep resident streams from shared memory in row blocks, as the calling thread does.
 */
import { WasmHeap, withScratch } from './heap.js';
import { keepsResident, streamRows } from './loss.js';
import { evaluateRows, type LossBuffers, type LossCall, lossScratch } from './loss-rows.js';

export interface SimdRowsTask {
  /** The session: one prepared problem of one thread (see loss-pool.ts). */
  readonly session: string;
  /** Which part of the session's rows this is. */
  readonly part: number;
  /** The part's rows (rows x d), labels and weights, in shared memory. */
  readonly X: Float64Array;
  readonly y: Int32Array;
  readonly sw: Float64Array | null;
  readonly rows: number;
  readonly d: number;
  readonly k: number;
  readonly fitIntercept: boolean;
  readonly w: Float64Array;
  readonly grad: boolean;
}

export interface SimdRowsResult {
  readonly value: number;
  readonly grad: Float64Array | null;
  /** The range was copied in for this evaluation (its time says nothing about later ones). */
  readonly copied: boolean;
}

interface Resident {
  readonly key: string;
  readonly heap: WasmHeap;
  readonly buffers: LossBuffers;
}

/** Ranges a pool thread keeps (most recent last). */
const KEEP = 2;
const kept: Resident[] = [];

function residentOf(t: SimdRowsTask): { r: Resident; copied: boolean } {
  const key = `${t.session}:${t.part}`;
  const at = kept.findIndex((r) => r.key === key);
  if (at >= 0) {
    const r = kept[at] as Resident;
    kept.splice(at, 1);
    kept.push(r);
    return { r, copied: false };
  }
  const { d, rows } = t;
  const heap = new WasmHeap();
  const x = heap.putF64(t.X.subarray(0, rows * d));
  const y = heap.putI32(t.y.subarray(0, rows));
  const sw = t.sw ? heap.putF64(t.sw.subarray(0, rows)) : 0;
  const size = t.k * d + (t.fitIntercept ? t.k : 0);
  const r: Resident = { key, heap, buffers: { x, y, sw, ...lossScratch(heap, size, t.k) } };
  kept.push(r);
  if (kept.length > KEEP) kept.shift();
  return { r, copied: true };
}

export function simdLossRows(t: SimdRowsTask): SimdRowsResult {
  const { d, rows } = t;
  const size = t.k * d + (t.fitIntercept ? t.k : 0);
  const grad = t.grad ? new Float64Array(size) : null;
  const c: LossCall = { n: rows, d, k: t.k, fitIntercept: t.fitIntercept, size, w: t.w, grad };
  if (!keepsResident(rows * d * 8)) {
    const value = withScratch((h) => streamRows(h, t.X, t.y, t.sw, c, rows));
    return { value, grad, copied: false };
  }
  const { r, copied } = residentOf(t);
  return { value: evaluateRows(r.heap, r.buffers, c), grad, copied };
}
