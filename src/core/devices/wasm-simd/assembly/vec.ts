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
