/**
 * The tree kernels on wasm-simd. classHistogram gathers the node's samples on the host (codes, y,
 * weights of rows[s..e)), so nothing about the binned matrix is held between calls; a forest is
 * copied into its own wasm memory on first predict and kept for the forest object's lifetime.
 * binMatrix and forestPredict pass X through wasm memory in row blocks, classHistogram a node's
 * samples in chunks of as many.
 */
import type { DenseMatrix } from '../../kernels/contract.js';
import type { BinnedMatrix, FlatForest, TreeKernels } from '../../kernels/tree.js';
import { blockRows, WasmHeap, withScratch } from './heap.js';

/** Stride of per-feature bin tables in a histogram (256 > any bin code). */
const BIN_STRIDE = 256;

function binMatrix(X: DenseMatrix, edges: readonly Float64Array[]): BinnedMatrix {
  const { rows: n, cols: d } = X;
  const nBins = new Int32Array(d);
  const offsets = new Int32Array(d + 1);
  for (let f = 0; f < d; f++) {
    const ne = (edges[f] as Float64Array).length;
    nBins[f] = ne + 1;
    offsets[f + 1] = (offsets[f] as number) + ne;
  }
  const all = new Float64Array(offsets[d] as number);
  for (let f = 0; f < d; f++) all.set(edges[f] as Float64Array, offsets[f] as number);
  const codes = new Uint8Array(n * d);
  const B = Math.min(n, blockRows(d));
  withScratch((h) => {
    const x = h.alloc(B * d * 8);
    const c = h.alloc(B * d);
    const e = h.putF64(all);
    const o = h.putI32(offsets);
    const xv = h.f64(x, B * d);
    const cv = h.u8(c, B * d);
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      xv.set(X.data.subarray(i * d, (i + m) * d));
      h.fn.binMatrix(x, m, d, e, o, c);
      // the block's codes are column-major over its m rows: feature f's run goes to f * n + i
      for (let f = 0; f < d; f++) codes.set(cv.subarray(f * m, f * m + m), f * n + i);
    }
  });
  return { n, d, codes, nBins };
}

function classHistogram(
  b: BinnedMatrix,
  y: Int32Array,
  weights: Float64Array | null,
  K: number,
  rows: Int32Array,
  s: number,
  e: number,
  out: Float64Array,
): void {
  const total = Math.max(0, e - s);
  const { n, d, codes } = b;
  const size = d * BIN_STRIDE * K;
  // the node's samples go through scratch in chunks of about one block of X's rows (the kernel adds
  // into out sample by sample, so chunks in order add up as one pass)
  const B = Math.min(total, blockRows(d));
  withScratch((h) => {
    const c = h.alloc(B * d);
    const yp = h.alloc(B * 4);
    const wp = weights ? h.alloc(B * 8) : 0;
    const o = h.putF64(out.subarray(0, size));
    const cv = h.u8(c, B * d);
    const yv = h.i32(yp, B);
    const wv = weights ? h.f64(wp, B) : null;
    for (let from = 0; from < total; from += B) {
      const m = Math.min(B, total - from);
      for (let i = 0; i < m; i++) {
        const r = rows[s + from + i] as number;
        for (let f = 0, at = r, to = i * d; f < d; f++, at += n, to++) cv[to] = codes[at] as number;
        yv[i] = y[r] as number;
        if (wv && weights) wv[i] = weights[r] as number;
      }
      h.fn.classHistogram(c, yp, wp, m, d, K, o);
    }
    out.set(h.f64(o, size));
  });
}

/** A forest's arrays in wasm memory: its own (resident) or the call's scratch heap. */
interface PlacedForest {
  readonly heap: WasmHeap;
  readonly offsets: number;
  readonly feat: number;
  readonly thr: number;
  readonly child: number;
  readonly proba: number;
}

function place(heap: WasmHeap, p: FlatForest): PlacedForest {
  return {
    heap,
    offsets: heap.putI32(p.offsets),
    feat: heap.putI32(p.feat),
    thr: heap.putF64(p.thr),
    child: heap.putI32(p.child),
    proba: heap.putF64(p.proba),
  };
}

const resident = new WeakMap<FlatForest, PlacedForest>();

/**
 * The forest's resident copy, made on first predict; null when V8 refuses another wasm memory
 * (about 13 000 live at once), in which case the forest is copied per call instead.
 */
function residentForest(p: FlatForest): PlacedForest | null {
  let r = resident.get(p);
  if (!r) {
    try {
      r = place(new WasmHeap(), p);
    } catch (e) {
      if (e instanceof RangeError) return null;
      throw e;
    }
    resident.set(p, r);
  }
  return r;
}

function predictOn(r: PlacedForest, forest: FlatForest, X: DenseMatrix): Float64Array {
  const h = r.heap;
  const { rows: n, cols: d } = X;
  const K = forest.nClasses;
  const B = Math.min(n, blockRows(d));
  const result = new Float64Array(n * K);
  const mark = h.mark;
  try {
    const x = h.alloc(B * d * 8);
    const out = h.alloc(B * K * 8);
    const xv = h.f64(x, B * d);
    const ov = h.f64(out, B * K);
    for (let i = 0; i < n; i += B) {
      const m = Math.min(B, n - i);
      xv.set(X.data.subarray(i * d, (i + m) * d));
      h.fn.forestPredict(x, m, d, forest.nTrees, K, r.offsets, r.feat, r.thr, r.child, r.proba, out);
      result.set(m === B ? ov : ov.subarray(0, m * K), i * K);
    }
    return result;
  } finally {
    h.release(mark);
  }
}

function forestPredict(forest: FlatForest, X: DenseMatrix): Float64Array {
  const r = residentForest(forest);
  return r ? predictOn(r, forest, X) : withScratch((h) => predictOn(place(h, forest), forest, X));
}

export const simdTree: TreeKernels = { binMatrix, classHistogram, forestPredict };
