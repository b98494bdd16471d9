// Gaussian naive Bayes kernels: per-class weighted moments (two passes over row blocks: sums, then
// squared deviations from the means) and the joint log-likelihood, four rows per two f64x2 with the features summed left
// to right.

function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/**
 * First pass of the per-class moments over a block of rows of X (n x d), by class y (i32),
 * weighted by w (0: unit weights): count[c] += w_i, sum[c] += w_i * x_i, in row order. The host
 * zeroes count and sum before the first block and divides sum by count after the last, so the
 * blocks of one matrix add up exactly as one pass over it.
 */
export function classSums(X: usize, n: i32, d: i32, y: usize, w: usize, count: usize, sum: usize): void {
  for (let i = 0; i < n; i++) {
    const c = load<i32>(y + ((<usize>i) << 2));
    const wi: f64 = w ? load<f64>(at(w, i)) : 1;
    store<f64>(at(count, c), load<f64>(at(count, c)) + wi);
    const x = at(X, i * d);
    const m = at(sum, c * d);
    const vw = f64x2.splat(wi);
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = (<usize>j) << 3;
      v128.store(m + o, f64x2.add(v128.load(m + o), f64x2.mul(vw, v128.load(x + o))));
    }
    if (j < d) store<f64>(at(m, j), load<f64>(at(m, j)) + wi * load<f64>(at(x, j)));
  }
}

/**
 * Second pass over a block of rows: squares[c] += w_i * (x_i - mean[c])^2 (mean K x d, from the
 * first pass), in row order; the host zeroes squares first and divides by count after the last block.
 */
export function classSquares(
  X: usize,
  n: i32,
  d: i32,
  y: usize,
  w: usize,
  mean: usize,
  squares: usize,
): void {
  for (let i = 0; i < n; i++) {
    const c = load<i32>(y + ((<usize>i) << 2));
    const wi: f64 = w ? load<f64>(at(w, i)) : 1;
    const x = at(X, i * d);
    const m = at(mean, c * d);
    const v = at(squares, c * d);
    const vw = f64x2.splat(wi);
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = (<usize>j) << 3;
      const t = f64x2.sub(v128.load(x + o), v128.load(m + o));
      v128.store(v + o, f64x2.add(v128.load(v + o), f64x2.mul(vw, f64x2.mul(t, t))));
    }
    if (j < d) {
      const t = load<f64>(at(x, j)) - load<f64>(at(m, j));
      store<f64>(at(v, j), load<f64>(at(v, j)) + wi * (t * t));
    }
  }
}

/** One step of the log-likelihood sum: acc + (x - t)^2 * q, lane by lane. */
function term(acc: v128, x: v128, t: v128, q: v128): v128 {
  const a = f64x2.sub(x, t);
  return f64x2.add(acc, f64x2.mul(f64x2.mul(a, a), q));
}

/**
 * out (n x K) = logConst[c] - 0.5 * sum_j (x_ij - theta_cj)^2 * invVar_cj (theta, invVar K x d),
 * each sum left to right over the features as the reference adds it: four rows across the lanes
 * (lanes past n repeat the last row), two features per load, regrouped by shuffles.
 */
export function jointLogLikelihood(
  X: usize,
  n: i32,
  d: i32,
  theta: usize,
  invVar: usize,
  logConst: usize,
  K: i32,
  out: usize,
): void {
  const last = n - 1;
  const half = f64x2.splat(0.5);
  for (let i = 0; i < n; i += 4) {
    const x0 = at(X, i * d);
    const x1 = at(X, min(i + 1, last) * d);
    const x2 = at(X, min(i + 2, last) * d);
    const x3 = at(X, min(i + 3, last) * d);
    const m = min(4, n - i);
    for (let c = 0; c < K; c++) {
      const th = at(theta, c * d);
      const iv = at(invVar, c * d);
      let acc0 = f64x2.splat(0);
      let acc1 = f64x2.splat(0);
      let j = 0;
      for (; j + 2 <= d; j += 2) {
        const o = (<usize>j) << 3;
        const v0 = v128.load(x0 + o);
        const v1 = v128.load(x1 + o);
        const v2 = v128.load(x2 + o);
        const v3 = v128.load(x3 + o);
        const tv = v128.load(th + o);
        const qv = v128.load(iv + o);
        const t0 = i64x2.shuffle(tv, tv, 0, 0);
        const t1 = i64x2.shuffle(tv, tv, 1, 1);
        const q0 = i64x2.shuffle(qv, qv, 0, 0);
        const q1 = i64x2.shuffle(qv, qv, 1, 1);
        acc0 = term(acc0, i64x2.shuffle(v0, v1, 0, 2), t0, q0);
        acc1 = term(acc1, i64x2.shuffle(v2, v3, 0, 2), t0, q0);
        acc0 = term(acc0, i64x2.shuffle(v0, v1, 1, 3), t1, q1);
        acc1 = term(acc1, i64x2.shuffle(v2, v3, 1, 3), t1, q1);
      }
      if (j < d) {
        const t = f64x2.splat(load<f64>(at(th, j)));
        const q = f64x2.splat(load<f64>(at(iv, j)));
        acc0 = term(
          acc0,
          f64x2.replace_lane(f64x2.splat(load<f64>(at(x0, j))), 1, load<f64>(at(x1, j))),
          t,
          q,
        );
        acc1 = term(
          acc1,
          f64x2.replace_lane(f64x2.splat(load<f64>(at(x2, j))), 1, load<f64>(at(x3, j))),
          t,
          q,
        );
      }
      const l = f64x2.splat(load<f64>(at(logConst, c)));
      const r0 = f64x2.sub(l, f64x2.mul(half, acc0));
      const r1 = f64x2.sub(l, f64x2.mul(half, acc1));
      const o = at(out, i * K + c);
      const step = (<usize>K) << 3;
      store<f64>(o, f64x2.extract_lane(r0, 0));
      if (m > 1) store<f64>(o + step, f64x2.extract_lane(r0, 1));
      if (m > 2) store<f64>(o + 2 * step, f64x2.extract_lane(r1, 0));
      if (m > 3) store<f64>(o + 3 * step, f64x2.extract_lane(r1, 1));
    }
  }
}
