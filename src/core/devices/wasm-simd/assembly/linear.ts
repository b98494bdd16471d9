// Linear-model kernels: scores X Wᵀ + b and their row argmax (the cross-entropy is in loss.ts).
import { at, pair, quad } from './vec';

/** Scores of four classes for four rows (static scratch: the kernels below run one at a time). */
const BLOCK: usize = memory.data(128, 16);

/** Classes per group of the score kernel (groups past k repeat the last class). */
const GROUP = 4;

/**
 * Wg = W (k x d) by groups of four classes, feature-major in a group: class 4g + t's weight j at
 * Wg[(g d + j) 4 + t] (t past the last class: the last class again), so that one pointer walks a
 * group's weights, two classes per f64x2.
 */
function groupWeights(W: usize, d: i32, k: i32, Wg: usize): void {
  for (let g = 0; g * GROUP < k; g++)
    for (let j = 0; j < d; j++)
      for (let t = 0; t < GROUP; t++)
        store<f64>(at(Wg, (g * d + j) * GROUP + t), load<f64>(at(W, min(g * GROUP + t, k - 1) * d + j)));
}

/**
 * Scores of group g's four classes (grouped weights at wg, the group's intercepts b[c0..], past k
 * the last class's) for rows i..i+3 (past n: the last row again) into BLOCK, class t's four at
 * BLOCK + 32 t, each b[c] + x.w summed left to right as the reference does. Classes go across the
 * lanes (two per f64x2, a row's x[j] splatted), so no lane shuffles in the loop, and the eight
 * accumulators are independent chains; they are regrouped rows-across-lanes once at the end.
 */
function scoreGroup(X: usize, n: i32, d: i32, wg: usize, b: usize, k: i32, c0: i32, i: i32): void {
  // row pointers that move (loop-carried), so the compiler keeps them in registers
  const last = n - 1;
  let r0 = at(X, i * d);
  let r1 = at(X, min(i + 1, last) * d);
  let r2 = at(X, min(i + 2, last) * d);
  let r3 = at(X, min(i + 3, last) * d);
  const init01 = f64x2.replace_lane(v128.load64_splat(at(b, c0)), 1, load<f64>(at(b, min(c0 + 1, k - 1))));
  const init23 = f64x2.replace_lane(
    v128.load64_splat(at(b, min(c0 + 2, k - 1))),
    1,
    load<f64>(at(b, min(c0 + 3, k - 1))),
  );
  let a0 = init01;
  let a1 = init01;
  let a2 = init01;
  let a3 = init01;
  let e0 = init23;
  let e1 = init23;
  let e2 = init23;
  let e3 = init23;
  let w = wg;
  const end = wg + ((<usize>d) << 5);
  for (; w < end; w += 32, r0 += 8, r1 += 8, r2 += 8, r3 += 8) {
    const p = v128.load(w);
    const q = v128.load(w, 16);
    const x0 = v128.load64_splat(r0);
    a0 = f64x2.add(a0, f64x2.mul(x0, p));
    e0 = f64x2.add(e0, f64x2.mul(x0, q));
    const x1 = v128.load64_splat(r1);
    a1 = f64x2.add(a1, f64x2.mul(x1, p));
    e1 = f64x2.add(e1, f64x2.mul(x1, q));
    const x2 = v128.load64_splat(r2);
    a2 = f64x2.add(a2, f64x2.mul(x2, p));
    e2 = f64x2.add(e2, f64x2.mul(x2, q));
    const x3 = v128.load64_splat(r3);
    a3 = f64x2.add(a3, f64x2.mul(x3, p));
    e3 = f64x2.add(e3, f64x2.mul(x3, q));
  }
  // rows across the lanes: class t of rows (0, 1) at BLOCK + 32 t, rows (2, 3) 16 further
  v128.store(BLOCK, i64x2.shuffle(a0, a1, 0, 2));
  v128.store(BLOCK, i64x2.shuffle(a2, a3, 0, 2), 16);
  v128.store(BLOCK, i64x2.shuffle(a0, a1, 1, 3), 32);
  v128.store(BLOCK, i64x2.shuffle(a2, a3, 1, 3), 48);
  v128.store(BLOCK, i64x2.shuffle(e0, e1, 0, 2), 64);
  v128.store(BLOCK, i64x2.shuffle(e2, e3, 0, 2), 80);
  v128.store(BLOCK, i64x2.shuffle(e0, e1, 1, 3), 96);
  v128.store(BLOCK, i64x2.shuffle(e2, e3, 1, 3), 112);
}

/** The single class's scores (k = 1) for rows i..i+3 into BLOCK (past n: the last row again). */
function scoreOne(X: usize, n: i32, d: i32, W: usize, b: usize, i: i32): void {
  const bc = load<f64>(b);
  const last = n - 1;
  const r0 = at(X, i * d);
  const r1 = at(X, min(i + 1, last) * d);
  if (i + 2 >= n) v128.store(BLOCK, pair(W, r0, r1, d, false, bc));
  else quad(W, r0, r1, at(X, (i + 2) * d), at(X, min(i + 3, last) * d), d, false, bc, BLOCK);
}

/** out (n x k) = X (n x d) Wᵀ (W k x d) + b (k); Wg: scratch of ceil(k / 4) 4 d float64s. */
export function linearScores(
  X: usize,
  n: i32,
  d: i32,
  W: usize,
  b: usize,
  k: i32,
  Wg: usize,
  out: usize,
): void {
  groupWeights(W, d, k, Wg);
  for (let i = 0; i < n; i += 4) {
    const m = min(4, n - i);
    for (let c0 = 0; c0 < k; c0 += GROUP) {
      // (the dispatch is here, not in a helper: V8 tiers a small hot helper up late)
      if (k > 1) scoreGroup(X, n, d, at(Wg, c0 * d), b, k, c0, i);
      else scoreOne(X, n, d, W, b, i);
      const G = min(GROUP, k - c0);
      for (let g = 0; g < G; g++)
        for (let r = 0; r < m; r++)
          store<f64>(at(out, (i + r) * k + c0 + g), load<f64>(at(BLOCK, g * 4 + r)));
    }
  }
}

/**
 * Per row the index of the largest score (first on ties); for k = 1, score > 0 ? 1 : 0. A row with
 * a non-finite score gets -1. Scores as linearScores, bit for bit (Wg: its scratch); four rows
 * compared per class in two f64x2 (the running maximum, its class, and a sum of s - s that turns NaN
 * on a non-finite s).
 */
export function linearArgmax(
  X: usize,
  n: i32,
  d: i32,
  W: usize,
  b: usize,
  k: i32,
  Wg: usize,
  out: usize,
): void {
  groupWeights(W, d, k, Wg);
  const zero = f64x2.splat(0);
  for (let i = 0; i < n; i += 4) {
    let top0 = f64x2.splat(-Infinity);
    let top1 = top0;
    let best0 = zero;
    let best1 = zero;
    let bad0 = zero;
    let bad1 = zero;
    for (let c0 = 0; c0 < k; c0 += GROUP) {
      // (the dispatch is here, not in a helper: V8 tiers a small hot helper up late)
      if (k > 1) scoreGroup(X, n, d, at(Wg, c0 * d), b, k, c0, i);
      else scoreOne(X, n, d, W, b, i);
      const G = min(GROUP, k - c0);
      for (let g = 0; g < G; g++) {
        const s0 = v128.load(BLOCK + ((<usize>g) << 5));
        const s1 = v128.load(BLOCK + ((<usize>g) << 5), 16);
        bad0 = f64x2.add(bad0, f64x2.sub(s0, s0));
        bad1 = f64x2.add(bad1, f64x2.sub(s1, s1));
        if (k === 1) {
          best0 = v128.and(f64x2.gt(s0, zero), i64x2.splat(1));
          best1 = v128.and(f64x2.gt(s1, zero), i64x2.splat(1));
        } else {
          const g0 = f64x2.gt(s0, top0);
          const g1 = f64x2.gt(s1, top1);
          const vc = i64x2.splat(c0 + g);
          top0 = v128.bitselect(s0, top0, g0);
          top1 = v128.bitselect(s1, top1, g1);
          best0 = v128.bitselect(vc, best0, g0);
          best1 = v128.bitselect(vc, best1, g1);
        }
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
