// Linear-model kernels: scores X Wᵀ + b, their row argmax, and the cross-entropy value + gradient.
import { at, axpy, dot, pair, quad } from './vec';

/** Scores of three classes for four rows (static scratch: the kernels below run one at a time). */
const BLOCK: usize = memory.data(96, 16);

/** Classes per group of the score kernel (groups past k repeat the last class). */
const GROUP = 3;

/**
 * Wg = W (k x d) by groups of three classes, feature-major in a group: class 3g + t's weight j at
 * Wg[(g d + j) 3 + t] (t past the last class: the last class again), so that one pointer walks a
 * group's weights.
 */
function groupWeights(W: usize, d: i32, k: i32, Wg: usize): void {
  for (let g = 0; g * GROUP < k; g++)
    for (let j = 0; j < d; j++)
      for (let t = 0; t < GROUP; t++)
        store<f64>(at(Wg, (g * d + j) * GROUP + t), load<f64>(at(W, min(g * GROUP + t, k - 1) * d + j)));
}

/**
 * acc + p0 * w[0] + p1 * w[1] (lanes: two rows; p0, p1 their features j, j + 1; w the class's
 * weights at j and j + 1, GROUP apart), added left to right.
 */
function step(acc: v128, p0: v128, p1: v128, w0: v128, w1: v128): v128 {
  return f64x2.add(f64x2.add(acc, f64x2.mul(p0, w0)), f64x2.mul(p1, w1));
}

/**
 * Scores of group g's three classes (grouped weights at wg, the group's intercepts b[3g..], past k
 * the last class's) for rows i..i+3 (past n: the last row again) into BLOCK, class t's four at
 * BLOCK + 32 t, each b[c] + x.w summed left to right as the reference does, rows across the lanes.
 * The rows' features are regrouped into lanes once per feature pair for the three classes, and the
 * six accumulators are independent chains.
 */
function scoreGroup(X: usize, n: i32, d: i32, wg: usize, b: usize, k: i32, c0: i32, i: i32): void {
  const last = n - 1;
  const r0 = at(X, i * d);
  const r1 = at(X, min(i + 1, last) * d);
  const r2 = at(X, min(i + 2, last) * d);
  const r3 = at(X, min(i + 3, last) * d);
  let a00 = v128.load64_splat(at(b, c0));
  let a01 = a00;
  let a10 = v128.load64_splat(at(b, min(c0 + 1, k - 1)));
  let a11 = a10;
  let a20 = v128.load64_splat(at(b, min(c0 + 2, k - 1)));
  let a21 = a20;
  let w = wg;
  let j = 0;
  for (; j + 2 <= d; j += 2, w += 48) {
    const o = (<usize>j) << 3;
    const va = v128.load(r0 + o);
    const vb = v128.load(r1 + o);
    const vc = v128.load(r2 + o);
    const ve = v128.load(r3 + o);
    const lo0 = i64x2.shuffle(va, vb, 0, 2);
    const hi0 = i64x2.shuffle(va, vb, 1, 3);
    const lo1 = i64x2.shuffle(vc, ve, 0, 2);
    const hi1 = i64x2.shuffle(vc, ve, 1, 3);
    const u0 = v128.load64_splat(w);
    const v0 = v128.load64_splat(w, 24);
    a00 = step(a00, lo0, hi0, u0, v0);
    a01 = step(a01, lo1, hi1, u0, v0);
    const u1 = v128.load64_splat(w, 8);
    const v1 = v128.load64_splat(w, 32);
    a10 = step(a10, lo0, hi0, u1, v1);
    a11 = step(a11, lo1, hi1, u1, v1);
    const u2 = v128.load64_splat(w, 16);
    const v2 = v128.load64_splat(w, 40);
    a20 = step(a20, lo0, hi0, u2, v2);
    a21 = step(a21, lo1, hi1, u2, v2);
  }
  if (j < d) {
    const o = (<usize>j) << 3;
    const x0 = f64x2.replace_lane(f64x2.splat(load<f64>(r0 + o)), 1, load<f64>(r1 + o));
    const x1 = f64x2.replace_lane(f64x2.splat(load<f64>(r2 + o)), 1, load<f64>(r3 + o));
    const u0 = v128.load64_splat(w);
    const u1 = v128.load64_splat(w, 8);
    const u2 = v128.load64_splat(w, 16);
    a00 = f64x2.add(a00, f64x2.mul(x0, u0));
    a01 = f64x2.add(a01, f64x2.mul(x1, u0));
    a10 = f64x2.add(a10, f64x2.mul(x0, u1));
    a11 = f64x2.add(a11, f64x2.mul(x1, u1));
    a20 = f64x2.add(a20, f64x2.mul(x0, u2));
    a21 = f64x2.add(a21, f64x2.mul(x1, u2));
  }
  v128.store(BLOCK, a00);
  v128.store(BLOCK, a01, 16);
  v128.store(BLOCK, a10, 32);
  v128.store(BLOCK, a11, 48);
  v128.store(BLOCK, a20, 64);
  v128.store(BLOCK, a21, 80);
}

/**
 * Scores of classes c0.. for rows i..i+3 into BLOCK (as scoreGroup); returns how many classes
 * (min(GROUP, k - c0)). One class (k = 1) takes the single-class walk over W instead of a group.
 */
function scores(X: usize, n: i32, d: i32, W: usize, Wg: usize, b: usize, k: i32, c0: i32, i: i32): i32 {
  if (k > 1) {
    scoreGroup(X, n, d, at(Wg, c0 * d), b, k, c0, i);
    return min(GROUP, k - c0);
  }
  const bc = load<f64>(b);
  const last = n - 1;
  const r0 = at(X, i * d);
  const r1 = at(X, min(i + 1, last) * d);
  if (i + 2 >= n) v128.store(BLOCK, pair(W, r0, r1, d, false, bc));
  else quad(W, r0, r1, at(X, (i + 2) * d), at(X, min(i + 3, last) * d), d, false, bc, BLOCK);
  return 1;
}

/** out (n x k) = X (n x d) Wᵀ (W k x d) + b (k); Wg: scratch of ceil(k / 3) 3 d float64s. */
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
      const G = scores(X, n, d, W, Wg, b, k, c0, i);
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
      const G = scores(X, n, d, W, Wg, b, k, c0, i);
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

/** log(1 + exp(t)), without overflow. */
function softplus(t: f64): f64 {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** 1 / (1 + exp(-z)), without overflow. */
function sigmoid(z: f64): f64 {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * loss0 + sum_i sw_i * CE_i of the linear model w (k x d weights, then k intercepts when
 * fitIntercept) on a block of rows X (n x d), labels y (i32); sw = 0 means unit weights. k = 1:
 * binary logistic (label 1 positive), k >= 2: softmax. When grad != 0 the block's gradient (same
 * layout as w) is added there, row by row (the host zeroes it before the first block). Z is n x k
 * scratch. Blocks of one matrix in row order, each starting from the previous one's loss, give
 * exactly the value and gradient of one pass over it.
 */
export function linearLoss(
  X: usize,
  y: usize,
  sw: usize,
  n: i32,
  d: i32,
  k: i32,
  fitIntercept: i32,
  w: usize,
  grad: usize,
  Z: usize,
  loss0: f64,
): f64 {
  const bias = at(w, k * d);
  let loss = loss0;
  for (let i = 0; i < n; i++) {
    const x = at(X, i * d);
    const z = at(Z, i * k);
    const yi = load<i32>(y + ((<usize>i) << 2));
    const wi: f64 = sw ? load<f64>(at(sw, i)) : 1;
    if (k === 1) {
      const s = dot(x, w, d) + (fitIntercept ? load<f64>(bias) : 0);
      loss += wi * softplus(yi === 1 ? -s : s);
      store<f64>(z, wi * (sigmoid(s) - (yi === 1 ? 1 : 0)));
      continue;
    }
    let m = -Infinity;
    let zy: f64 = 0;
    for (let c = 0; c < k; c++) {
      const s = dot(x, at(w, c * d), d) + (fitIntercept ? load<f64>(at(bias, c)) : 0);
      store<f64>(at(z, c), s);
      if (s > m) m = s;
      if (c === yi) zy = s;
    }
    let sum: f64 = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(load<f64>(at(z, c)) - m);
      store<f64>(at(z, c), e);
      sum += e;
    }
    loss += wi * (m + Math.log(sum) - zy);
    const scale = wi / sum;
    for (let c = 0; c < k; c++) {
      store<f64>(at(z, c), load<f64>(at(z, c)) * scale - (c === yi ? wi : 0));
    }
  }
  if (!grad) return loss;
  const gb = at(grad, k * d);
  for (let i = 0; i < n; i++) {
    const x = at(X, i * d);
    const z = at(Z, i * k);
    for (let c = 0; c < k; c++) {
      const g = load<f64>(at(z, c));
      if (g === 0) continue;
      axpy(at(grad, c * d), g, x, d);
      if (fitIntercept) store<f64>(at(gb, c), load<f64>(at(gb, c)) + g);
    }
  }
  return loss;
}
