// Linear-model kernels: scores X Wᵀ + b and their row argmax (the cross-entropy is in loss.ts).
import { at, pair, quad } from './vec';

/** Four scores of one block of rows (static scratch: the kernels below run one at a time). */
const BLOCK: usize = memory.data(32, 16);

/**
 * Scores of class c for rows i..i+3 (fewer at the end: lanes past n repeat the last row) into
 * BLOCK, each b[c] + x.w summed left to right as the reference does, rows across the lanes.
 */
function scoreBlock(X: usize, n: i32, d: i32, W: usize, b: usize, c: i32, i: i32): void {
  const w = at(W, c * d);
  const bc = load<f64>(at(b, c));
  const last = n - 1;
  const r0 = at(X, i * d);
  const r1 = at(X, min(i + 1, last) * d);
  const r2 = at(X, min(i + 2, last) * d);
  const r3 = at(X, min(i + 3, last) * d);
  if (i + 2 >= n) v128.store(BLOCK, pair(w, r0, r1, d, false, bc));
  else quad(w, r0, r1, r2, r3, d, false, bc, BLOCK);
}

/** out (n x k) = X (n x d) Wᵀ (W k x d) + b (k). */
export function linearScores(X: usize, n: i32, d: i32, W: usize, b: usize, k: i32, out: usize): void {
  for (let i = 0; i < n; i += 4) {
    const m = min(4, n - i);
    for (let c = 0; c < k; c++) {
      scoreBlock(X, n, d, W, b, c, i);
      for (let r = 0; r < m; r++) store<f64>(at(out, (i + r) * k + c), load<f64>(at(BLOCK, r)));
    }
  }
}

/**
 * Per row the index of the largest score (first on ties); for k = 1, score > 0 ? 1 : 0. A row with
 * a non-finite score gets -1. Scores as linearScores, bit for bit; four rows compared per class in
 * two f64x2 (the running maximum, its class, and a sum of s - s that turns NaN on a non-finite s).
 */
export function linearArgmax(X: usize, n: i32, d: i32, W: usize, b: usize, k: i32, out: usize): void {
  const zero = f64x2.splat(0);
  for (let i = 0; i < n; i += 4) {
    let top0 = f64x2.splat(-Infinity);
    let top1 = top0;
    let best0 = zero;
    let best1 = zero;
    let bad0 = zero;
    let bad1 = zero;
    for (let c = 0; c < k; c++) {
      scoreBlock(X, n, d, W, b, c, i);
      const s0 = v128.load(BLOCK);
      const s1 = v128.load(BLOCK, 16);
      bad0 = f64x2.add(bad0, f64x2.sub(s0, s0));
      bad1 = f64x2.add(bad1, f64x2.sub(s1, s1));
      if (k === 1) {
        best0 = v128.and(f64x2.gt(s0, zero), i64x2.splat(1));
        best1 = v128.and(f64x2.gt(s1, zero), i64x2.splat(1));
      } else {
        const g0 = f64x2.gt(s0, top0);
        const g1 = f64x2.gt(s1, top1);
        const vc = i64x2.splat(c);
        top0 = v128.bitselect(s0, top0, g0);
        top1 = v128.bitselect(s1, top1, g1);
        best0 = v128.bitselect(vc, best0, g0);
        best1 = v128.bitselect(vc, best1, g1);
      }
    }
    // -1 where bad is NaN (bad != bad)
    best0 = v128.or(best0, f64x2.ne(bad0, bad0));
    best1 = v128.or(best1, f64x2.ne(bad1, bad1));
    const m = min(4, n - i);
    const o = out + ((<usize>i) << 2);
    store<i32>(o, <i32>i64x2.extract_lane(best0, 0));
    if (m > 1) store<i32>(o, <i32>i64x2.extract_lane(best0, 1), 4);
    if (m > 2) store<i32>(o, <i32>i64x2.extract_lane(best1, 0), 8);
    if (m > 3) store<i32>(o, <i32>i64x2.extract_lane(best1, 1), 12);
  }
}
