/**
 * Class moments on wasm-simd in fixed chunks of MOMENT_CHUNK_ROWS rows: each chunk's count, mean
 * and squared deviations from that mean (two passes over the chunk, through wasm memory in cache
 * blocks: one copy of a chunk that fits in a block), then the chunks folded in row order by the
 * pairwise update of Chan, Golub and LeVeque. The chunks do not depend on the cache block size or
 * on the thread computing them, so a split over the worker pool (whole chunks per thread, folded
 * here in order) gives the same bits as one thread. A matrix of one chunk gets the plain two-pass
 * moments (sums in row order).
 */
import { blockRows, withScratch } from './heap.js';

/** Rows per chunk of the class moments (fixed: the result depends on it, not on threads or blocks). */
export const MOMENT_CHUNK_ROWS = 2048;

/** Values per chunk in a packed result: count (K), mean (K x d), squared deviations (K x d). */
export function chunkStride(K: number, d: number): number {
  return K + 2 * K * d;
}

/** Chunks of n rows. */
export function chunkCount(n: number): number {
  return Math.ceil(n / MOMENT_CHUNK_ROWS);
}

/**
 * The moments of chunks [c0, c1) of the rows of X (row-major, d columns; rows of chunk c are
 * [c * MOMENT_CHUNK_ROWS, ...)), packed chunk after chunk in `out` (chunkStride values each) from
 * `outChunk`. A class without weight in a chunk gets count 0 there (its mean and deviations unused).
 */
export function chunkMoments(
  X: Float64Array,
  d: number,
  y: Int32Array,
  weights: Float64Array | null,
  K: number,
  c0: number,
  c1: number,
  out: Float64Array,
  outChunk: number,
): void {
  const n = y.length;
  const stride = chunkStride(K, d);
  const B = Math.min(MOMENT_CHUNK_ROWS, blockRows(d));
  withScratch((h) => {
    const x = h.alloc(B * d * 8);
    const yp = h.alloc(B * 4);
    const w = weights ? h.alloc(B * 8) : 0;
    const count = h.alloc(K * 8);
    const mean = h.alloc(K * d * 8);
    const squares = h.alloc(K * d * 8);
    const xv = h.f64(x, B * d);
    const yv = h.i32(yp, B);
    const wv = weights ? h.f64(w, B) : null;
    const cv = h.f64(count, K);
    const mv = h.f64(mean, K * d);
    const sv = h.f64(squares, K * d);
    const put = (i: number, m: number) => {
      xv.set(X.subarray(i * d, (i + m) * d));
      yv.set(y.subarray(i, i + m));
      if (wv && weights) wv.set(weights.subarray(i, i + m));
    };
    for (let c = c0; c < c1; c++) {
      const start = c * MOMENT_CHUNK_ROWS;
      const end = Math.min(n, start + MOMENT_CHUNK_ROWS);
      cv.fill(0);
      mv.fill(0);
      sv.fill(0);
      const single = end - start <= B; // the chunk stays in wasm memory for the second pass
      for (let i = start; i < end; i += B) {
        const m = Math.min(B, end - i);
        put(i, m);
        h.fn.classSums(x, m, d, yp, w, count, mean);
      }
      for (let k = 0; k < K; k++) {
        const v = cv[k] as number;
        for (let j = k * d; j < k * d + d; j++) mv[j] = (mv[j] as number) / v;
      }
      for (let i = start; i < end; i += B) {
        const m = Math.min(B, end - i);
        if (!single) put(i, m);
        h.fn.classSquares(x, m, d, yp, w, mean, squares);
      }
      const o = (outChunk + c - c0) * stride;
      out.set(cv, o);
      out.set(mv, o + K);
      out.set(sv, o + K + K * d);
    }
  });
}

/**
 * Folds packed chunk moments, in order, into the moments of all rows: count, mean and biased
 * variance per class (NaN mean and variance for a class of total weight 0, as 0 / 0 in one pass).
 * One chunk gives its own moments: mean = sum / count, variance = squares / count.
 */
export function foldChunks(
  chunks: Float64Array,
  nChunks: number,
  K: number,
  d: number,
): { count: Float64Array; mean: Float64Array; variance: Float64Array } {
  const stride = chunkStride(K, d);
  const count = new Float64Array(K);
  const mean = new Float64Array(K * d);
  const m2 = new Float64Array(K * d);
  for (let c = 0; c < nChunks; c++) {
    const o = c * stride;
    for (let k = 0; k < K; k++) {
      const nB = chunks[o + k] as number;
      if (!(nB > 0)) continue;
      const nA = count[k] as number;
      const mo = o + K + k * d;
      const so = o + K + K * d + k * d;
      const r = k * d;
      if (nA === 0) {
        for (let j = 0; j < d; j++) {
          mean[r + j] = chunks[mo + j] as number;
          m2[r + j] = chunks[so + j] as number;
        }
        count[k] = nB;
        continue;
      }
      const n = nA + nB;
      const f = nB / n;
      const g = (nA * nB) / n;
      for (let j = 0; j < d; j++) {
        const delta = (chunks[mo + j] as number) - (mean[r + j] as number);
        mean[r + j] = (mean[r + j] as number) + delta * f;
        m2[r + j] = (m2[r + j] as number) + (chunks[so + j] as number) + delta * delta * g;
      }
      count[k] = n;
    }
  }
  const variance = m2;
  for (let k = 0; k < K; k++) {
    const v = count[k] as number;
    for (let j = k * d; j < k * d + d; j++) {
      if (v > 0) variance[j] = (m2[j] as number) / v;
      else {
        mean[j] = Number.NaN;
        variance[j] = Number.NaN;
      }
    }
  }
  return { count, mean, variance };
}
