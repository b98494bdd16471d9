// The cross-entropy value + gradient of a linear model (binary logistic for k = 1, softmax for
// k >= 2): one pass over X in groups of four rows. Per group the scores (each weight pair loaded
// once for the four rows), the softmax and the gradient update (the four rows' rank-1 updates added
// together before they touch the gradient) run while the four rows are in L1.
import { at } from './vec';

/** Rows per group: blocks of rows are multiples of it, so a block boundary never splits a group. */
const GROUP = 4;
/** A partition-sum product above this is folded into the loss with one log. */
const PRODUCT_MAX: f64 = 1e250;

/** Sum of both lanes. */
function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Scores of weight row wc (+ bias) for the four rows at r0..r3 into out[0], out[s], out[2s], out[3s]
 * (s = stride in values): features two at a time, the even and odd ones in the two lanes.
 */
function scores4(
  r0: usize,
  r1: usize,
  r2: usize,
  r3: usize,
  wc: usize,
  d: i32,
  bias: f64,
  out: usize,
  stride: i32,
): void {
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = (<usize>j) << 3;
    const wv = v128.load(wc + o);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(r0 + o), wv));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(r1 + o), wv));
    a2 = f64x2.add(a2, f64x2.mul(v128.load(r2 + o), wv));
    a3 = f64x2.add(a3, f64x2.mul(v128.load(r3 + o), wv));
  }
  let s0 = hsum(a0) + bias;
  let s1 = hsum(a1) + bias;
  let s2 = hsum(a2) + bias;
  let s3 = hsum(a3) + bias;
  if (j < d) {
    const wj = load<f64>(at(wc, j));
    s0 += load<f64>(at(r0, j)) * wj;
    s1 += load<f64>(at(r1, j)) * wj;
    s2 += load<f64>(at(r2, j)) * wj;
    s3 += load<f64>(at(r3, j)) * wj;
  }
  const st = (<usize>stride) << 3;
  store<f64>(out, s0);
  store<f64>(out + st, s1);
  store<f64>(out + 2 * st, s2);
  store<f64>(out + 3 * st, s3);
}

/** scores4 of the two weight rows wa, wb = wa + d (biases ba, bb) at once: each row pair loaded once. */
function scores4x2(
  r0: usize,
  r1: usize,
  r2: usize,
  r3: usize,
  wa: usize,
  d: i32,
  ba: f64,
  bb: f64,
  out: usize,
  stride: i32,
): void {
  const wb = at(wa, d);
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let b0 = a0;
  let b1 = a0;
  let b2 = a0;
  let b3 = a0;
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = (<usize>j) << 3;
    const va = v128.load(wa + o);
    const vb = v128.load(wb + o);
    const x0 = v128.load(r0 + o);
    const x1 = v128.load(r1 + o);
    const x2 = v128.load(r2 + o);
    const x3 = v128.load(r3 + o);
    a0 = f64x2.add(a0, f64x2.mul(x0, va));
    b0 = f64x2.add(b0, f64x2.mul(x0, vb));
    a1 = f64x2.add(a1, f64x2.mul(x1, va));
    b1 = f64x2.add(b1, f64x2.mul(x1, vb));
    a2 = f64x2.add(a2, f64x2.mul(x2, va));
    b2 = f64x2.add(b2, f64x2.mul(x2, vb));
    a3 = f64x2.add(a3, f64x2.mul(x3, va));
    b3 = f64x2.add(b3, f64x2.mul(x3, vb));
  }
  let s0 = hsum(a0) + ba;
  let s1 = hsum(a1) + ba;
  let s2 = hsum(a2) + ba;
  let s3 = hsum(a3) + ba;
  let t0 = hsum(b0) + bb;
  let t1 = hsum(b1) + bb;
  let t2 = hsum(b2) + bb;
  let t3 = hsum(b3) + bb;
  if (j < d) {
    const wj = load<f64>(at(wa, j));
    const vj = load<f64>(at(wb, j));
    const x0 = load<f64>(at(r0, j));
    const x1 = load<f64>(at(r1, j));
    const x2 = load<f64>(at(r2, j));
    const x3 = load<f64>(at(r3, j));
    s0 += x0 * wj;
    s1 += x1 * wj;
    s2 += x2 * wj;
    s3 += x3 * wj;
    t0 += x0 * vj;
    t1 += x1 * vj;
    t2 += x2 * vj;
    t3 += x3 * vj;
  }
  const st = (<usize>stride) << 3;
  store<f64>(out, s0);
  store<f64>(out, t0, 8);
  store<f64>(out + st, s1);
  store<f64>(out + st, t1, 8);
  store<f64>(out + 2 * st, s2);
  store<f64>(out + 2 * st, t2, 8);
  store<f64>(out + 3 * st, s3);
  store<f64>(out + 3 * st, t3, 8);
}

/** The k scores of the four rows into Z (4 x k): classes two at a time, the last one alone. */
function groupScores(
  r0: usize,
  r1: usize,
  r2: usize,
  r3: usize,
  w: usize,
  d: i32,
  k: i32,
  fitIntercept: i32,
  Z: usize,
): void {
  const bias = at(w, k * d);
  let c = 0;
  for (; c + 2 <= k; c += 2) {
    const ba = fitIntercept ? load<f64>(at(bias, c)) : 0;
    const bb = fitIntercept ? load<f64>(at(bias, c + 1)) : 0;
    scores4x2(r0, r1, r2, r3, at(w, c * d), d, ba, bb, at(Z, c), k);
  }
  if (c < k) {
    const bc = fitIntercept ? load<f64>(at(bias, c)) : 0;
    scores4(r0, r1, r2, r3, at(w, c * d), d, bc, at(Z, c), k);
  }
}

/** gc[j] += g0 x0[j] + g1 x1[j] + g2 x2[j] + g3 x3[j] over d values (the four products summed first). */
function update4(
  gc: usize,
  r0: usize,
  r1: usize,
  r2: usize,
  r3: usize,
  d: i32,
  g0: f64,
  g1: f64,
  g2: f64,
  g3: f64,
): void {
  const v0 = f64x2.splat(g0);
  const v1 = f64x2.splat(g1);
  const v2 = f64x2.splat(g2);
  const v3 = f64x2.splat(g3);
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = (<usize>j) << 3;
    const lo = f64x2.add(f64x2.mul(v0, v128.load(r0 + o)), f64x2.mul(v1, v128.load(r1 + o)));
    const hi = f64x2.add(f64x2.mul(v2, v128.load(r2 + o)), f64x2.mul(v3, v128.load(r3 + o)));
    v128.store(gc + o, f64x2.add(v128.load(gc + o), f64x2.add(lo, hi)));
  }
  if (j < d) {
    const t =
      g0 * load<f64>(at(r0, j)) +
      g1 * load<f64>(at(r1, j)) +
      (g2 * load<f64>(at(r2, j)) + g3 * load<f64>(at(r3, j)));
    store<f64>(at(gc, j), load<f64>(at(gc, j)) + t);
  }
}

/**
 * The softmax cross-entropy of the k scores at z (row label yi, weight wi), accumulated into the
 * state at acc: acc[0] += the loss without its log term, and for a unit-weight row the partition
 * sum (>= 1) multiplied into acc[1] (one log per many rows); a weighted row adds wi * CE whole.
 * With `residual`, the scores are overwritten with the gradient of the row's CE w.r.t. them:
 * wi * (softmax - onehot). exp(0) = 1 is not computed for the (first) largest score.
 */
function softmaxRow(z: usize, k: i32, yi: i32, wi: f64, residual: bool, acc: usize): void {
  let m = load<f64>(z);
  let cm = 0;
  for (let c = 1; c < k; c++) {
    const s = load<f64>(at(z, c));
    if (s > m) {
      m = s;
      cm = c;
    }
  }
  const zy = load<f64>(at(z, yi));
  let sum: f64 = 0;
  for (let c = 0; c < k; c++) {
    const e = c === cm ? 1 : Math.exp(load<f64>(at(z, c)) - m);
    store<f64>(at(z, c), e);
    sum += e;
  }
  if (residual) {
    const scale = wi / sum;
    for (let c = 0; c < k; c++) store<f64>(at(z, c), load<f64>(at(z, c)) * scale);
    store<f64>(at(z, yi), load<f64>(at(z, yi)) - wi);
  }
  if (wi === 1) {
    let prod = load<f64>(acc, 8) * sum;
    let part = load<f64>(acc) + (m - zy);
    if (prod > PRODUCT_MAX) {
      part += Math.log(prod);
      prod = 1;
    }
    store<f64>(acc, part);
    store<f64>(acc, prod, 8);
  } else {
    store<f64>(acc, load<f64>(acc) + wi * (m + Math.log(sum) - zy));
  }
}

/** wi * (softplus(s) - y s) into acc[0]; returns wi * (sigmoid(s) - y) (y = label is 1). */
function logisticRow(s: f64, yi: i32, wi: f64, acc: usize): f64 {
  const t: f64 = yi === 1 ? 1 : 0;
  const e = Math.exp(-Math.abs(s));
  store<f64>(acc, load<f64>(acc) + wi * (max(s, 0) + Math.log1p(e) - t * s));
  return wi * ((s >= 0 ? 1 / (1 + e) : e / (1 + e)) - t);
}

/**
 * Adds sum_i sw_i * CE_i of the linear model w (k x d weights, then k intercepts when
 * fitIntercept) over a block of rows X (n x d), labels y (i32), into the state at acc (two f64:
 * the loss without pending logs, the pending product of partition sums; the loss is
 * acc[0] + log(acc[1])); sw = 0 means unit weights. k = 1: binary logistic (label 1 positive),
 * k >= 2: softmax. When grad != 0 the block's gradient (same layout as w) is added there. Z is
 * 4 x k scratch. Rows go in groups of four, the last group of X one row at a time: blocks of one
 * matrix in row order, each a multiple of four rows but the last, give exactly the value and
 * gradient of one pass over it.
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
  acc: usize,
): void {
  const gb = at(grad, k * d);
  const residual = grad !== 0;
  let i = 0;
  for (; i + GROUP <= n; i += GROUP) {
    const r0 = at(X, i * d);
    const r1 = at(r0, d);
    const r2 = at(r1, d);
    const r3 = at(r2, d);
    groupScores(r0, r1, r2, r3, w, d, k, fitIntercept, Z);
    for (let t = 0; t < GROUP; t++) {
      const yi = load<i32>(y + ((<usize>(i + t)) << 2));
      const wi: f64 = sw ? load<f64>(at(sw, i + t)) : 1;
      const z = at(Z, t * k);
      if (k === 1) store<f64>(z, logisticRow(load<f64>(z), yi, wi, acc));
      else softmaxRow(z, k, yi, wi, residual, acc);
    }
    if (!residual) continue;
    for (let c = 0; c < k; c++) {
      const g0 = load<f64>(at(Z, c));
      const g1 = load<f64>(at(Z, k + c));
      const g2 = load<f64>(at(Z, 2 * k + c));
      const g3 = load<f64>(at(Z, 3 * k + c));
      update4(at(grad, c * d), r0, r1, r2, r3, d, g0, g1, g2, g3);
      if (fitIntercept) store<f64>(at(gb, c), load<f64>(at(gb, c)) + (g0 + g1 + (g2 + g3)));
    }
  }
  // the last rows of X (fewer than a group): as a group whose missing rows have zero residuals
  if (i === n) return;
  const last = n - 1;
  const r0 = at(X, i * d);
  const r1 = at(X, min(i + 1, last) * d);
  const r2 = at(X, min(i + 2, last) * d);
  const r3 = at(X, min(i + 3, last) * d);
  groupScores(r0, r1, r2, r3, w, d, k, fitIntercept, Z);
  const rows = n - i;
  for (let t = 0; t < GROUP; t++) {
    const z = at(Z, t * k);
    if (t >= rows) {
      memory.fill(z, 0, (<usize>k) << 3);
      continue;
    }
    const yi = load<i32>(y + ((<usize>(i + t)) << 2));
    const wi: f64 = sw ? load<f64>(at(sw, i + t)) : 1;
    if (k === 1) store<f64>(z, logisticRow(load<f64>(z), yi, wi, acc));
    else softmaxRow(z, k, yi, wi, residual, acc);
  }
  if (!residual) return;
  for (let c = 0; c < k; c++) {
    const g0 = load<f64>(at(Z, c));
    const g1 = load<f64>(at(Z, k + c));
    const g2 = load<f64>(at(Z, 2 * k + c));
    const g3 = load<f64>(at(Z, 3 * k + c));
    update4(at(grad, c * d), r0, r1, r2, r3, d, g0, g1, g2, g3);
    if (fitIntercept) store<f64>(at(gb, c), load<f64>(at(gb, c)) + (g0 + g1 + (g2 + g3)));
  }
}
