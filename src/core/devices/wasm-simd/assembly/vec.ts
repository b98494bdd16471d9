// Shared f64x2 helpers: pointer arithmetic, dot products, axpy. All pointers are byte addresses in
// the module's linear memory; arrays are float64 unless named otherwise.

/** Address of element i of a float64 array at p. */
export function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/** Sum of both lanes. */
function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** sum_j a[j] * b[j] over d elements (two f64x2 accumulators). */
export function dot(a: usize, b: usize, d: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const o = (<usize>j) << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (j + 2 <= d) {
    const o = (<usize>j) << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    j += 2;
  }
  let s = hsum(f64x2.add(acc0, acc1));
  if (j < d) s += load<f64>(at(a, j)) * load<f64>(at(b, j));
  return s;
}

/** sum_j (a[j] - b[j])^2 over d elements. */
export function sqdist(a: usize, b: usize, d: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const o = (<usize>j) << 3;
    const t0 = f64x2.sub(v128.load(a + o), v128.load(b + o));
    const t1 = f64x2.sub(v128.load(a + o, 16), v128.load(b + o, 16));
    acc0 = f64x2.add(acc0, f64x2.mul(t0, t0));
    acc1 = f64x2.add(acc1, f64x2.mul(t1, t1));
  }
  if (j + 2 <= d) {
    const o = (<usize>j) << 3;
    const t = f64x2.sub(v128.load(a + o), v128.load(b + o));
    acc0 = f64x2.add(acc0, f64x2.mul(t, t));
    j += 2;
  }
  let s = hsum(f64x2.add(acc0, acc1));
  if (j < d) {
    const t = load<f64>(at(a, j)) - load<f64>(at(b, j));
    s += t * t;
  }
  return s;
}

/** y[j] += alpha * x[j] over d elements. */
export function axpy(y: usize, alpha: f64, x: usize, d: i32): void {
  const va = f64x2.splat(alpha);
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = (<usize>j) << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
  }
  if (j < d) store<f64>(at(y, j), load<f64>(at(y, j)) + alpha * load<f64>(at(x, j)));
}

/** Sets n float64 values at p to zero. */
export function zero(p: usize, n: i32): void {
  memory.fill(p, 0, (<usize>n) << 3);
}

/**
 * Two lanes: [x.a, x.b] (sq = 0) or [|x - a|^2, |x - b|^2] (sq = 1), each summed left to right
 * starting from init (as libsvm's and the reference's scalar loops add).
 * Features go two at a time: one load per row, lanes regrouped by shuffles.
 */
export function pair(x: usize, a: usize, b: usize, d: i32, sq: bool, init: f64): v128 {
  let acc = f64x2.splat(init);
  let k = 0;
  for (; k + 2 <= d; k += 2) {
    const o = (<usize>k) << 3;
    const xv = v128.load(x + o);
    const va = v128.load(a + o);
    const vb = v128.load(b + o);
    const x0 = i64x2.shuffle(xv, xv, 0, 0);
    const x1 = i64x2.shuffle(xv, xv, 1, 1);
    let lo = i64x2.shuffle(va, vb, 0, 2);
    let hi = i64x2.shuffle(va, vb, 1, 3);
    if (sq) {
      lo = f64x2.sub(x0, lo);
      hi = f64x2.sub(x1, hi);
      acc = f64x2.add(acc, f64x2.mul(lo, lo));
      acc = f64x2.add(acc, f64x2.mul(hi, hi));
    } else {
      acc = f64x2.add(acc, f64x2.mul(x0, lo));
      acc = f64x2.add(acc, f64x2.mul(x1, hi));
    }
  }
  if (k < d) {
    const xs = f64x2.splat(load<f64>(at(x, k)));
    let v = f64x2.replace_lane(f64x2.splat(load<f64>(at(a, k))), 1, load<f64>(at(b, k)));
    if (sq) {
      v = f64x2.sub(xs, v);
      acc = f64x2.add(acc, f64x2.mul(v, v));
    } else acc = f64x2.add(acc, f64x2.mul(xs, v));
  }
  return acc;
}

/** Four columns at once: out[0..4) = x.z_c or |x - z_c|^2, each left to right (two pairs interleaved). */
export function quad(
  x: usize,
  a: usize,
  b: usize,
  c: usize,
  e: usize,
  d: i32,
  sq: bool,
  init: f64,
  out: usize,
): void {
  let acc0 = f64x2.splat(init);
  let acc1 = f64x2.splat(init);
  let k = 0;
  for (; k + 2 <= d; k += 2) {
    const o = (<usize>k) << 3;
    const xv = v128.load(x + o);
    const x0 = i64x2.shuffle(xv, xv, 0, 0);
    const x1 = i64x2.shuffle(xv, xv, 1, 1);
    const va = v128.load(a + o);
    const vb = v128.load(b + o);
    const vc = v128.load(c + o);
    const ve = v128.load(e + o);
    let lo0 = i64x2.shuffle(va, vb, 0, 2);
    let hi0 = i64x2.shuffle(va, vb, 1, 3);
    let lo1 = i64x2.shuffle(vc, ve, 0, 2);
    let hi1 = i64x2.shuffle(vc, ve, 1, 3);
    if (sq) {
      lo0 = f64x2.sub(x0, lo0);
      lo1 = f64x2.sub(x0, lo1);
      hi0 = f64x2.sub(x1, hi0);
      hi1 = f64x2.sub(x1, hi1);
      acc0 = f64x2.add(acc0, f64x2.mul(lo0, lo0));
      acc1 = f64x2.add(acc1, f64x2.mul(lo1, lo1));
      acc0 = f64x2.add(acc0, f64x2.mul(hi0, hi0));
      acc1 = f64x2.add(acc1, f64x2.mul(hi1, hi1));
    } else {
      acc0 = f64x2.add(acc0, f64x2.mul(x0, lo0));
      acc1 = f64x2.add(acc1, f64x2.mul(x0, lo1));
      acc0 = f64x2.add(acc0, f64x2.mul(x1, hi0));
      acc1 = f64x2.add(acc1, f64x2.mul(x1, hi1));
    }
  }
  if (k < d) {
    const xs = f64x2.splat(load<f64>(at(x, k)));
    let v0 = f64x2.replace_lane(f64x2.splat(load<f64>(at(a, k))), 1, load<f64>(at(b, k)));
    let v1 = f64x2.replace_lane(f64x2.splat(load<f64>(at(c, k))), 1, load<f64>(at(e, k)));
    if (sq) {
      v0 = f64x2.sub(xs, v0);
      v1 = f64x2.sub(xs, v1);
      acc0 = f64x2.add(acc0, f64x2.mul(v0, v0));
      acc1 = f64x2.add(acc1, f64x2.mul(v1, v1));
    } else {
      acc0 = f64x2.add(acc0, f64x2.mul(xs, v0));
      acc1 = f64x2.add(acc1, f64x2.mul(xs, v1));
    }
  }
  v128.store(out, acc0);
  v128.store(out, acc1, 16);
}
