// Gaussian naive Bayes kernels: per-class weighted moments (two passes: means, then squared
// deviations) and the joint log-likelihood, two classes per f64x2 with the features summed left
// to right.

function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/**
 * count (K), mean and variance (K x d) of the rows of X (n x d) by class y (i32), weighted by w
 * (0: unit weights). A class without weight gets mean and variance 0 / 0.
 */
export function classMoments(
  X: usize,
  n: i32,
  d: i32,
  y: usize,
  w: usize,
  K: i32,
  count: usize,
  mean: usize,
  variance: usize,
): void {
  memory.fill(count, 0, (<usize>K) << 3);
  memory.fill(mean, 0, (<usize>(K * d)) << 3);
  memory.fill(variance, 0, (<usize>(K * d)) << 3);
  for (let i = 0; i < n; i++) {
    const c = load<i32>(y + ((<usize>i) << 2));
    const wi: f64 = w ? load<f64>(at(w, i)) : 1;
    store<f64>(at(count, c), load<f64>(at(count, c)) + wi);
    const x = at(X, i * d);
    const m = at(mean, c * d);
    const vw = f64x2.splat(wi);
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = (<usize>j) << 3;
      v128.store(m + o, f64x2.add(v128.load(m + o), f64x2.mul(vw, v128.load(x + o))));
    }
    if (j < d) store<f64>(at(m, j), load<f64>(at(m, j)) + wi * load<f64>(at(x, j)));
  }
  for (let c = 0; c < K; c++) {
    const vc = f64x2.splat(load<f64>(at(count, c)));
    const m = at(mean, c * d);
    let j = 0;
    for (; j + 2 <= d; j += 2)
      v128.store(m + ((<usize>j) << 3), f64x2.div(v128.load(m + ((<usize>j) << 3)), vc));
    if (j < d) store<f64>(at(m, j), load<f64>(at(m, j)) / load<f64>(at(count, c)));
  }
  for (let i = 0; i < n; i++) {
    const c = load<i32>(y + ((<usize>i) << 2));
    const wi: f64 = w ? load<f64>(at(w, i)) : 1;
    const x = at(X, i * d);
    const m = at(mean, c * d);
    const v = at(variance, c * d);
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
  for (let c = 0; c < K; c++) {
    const vc = f64x2.splat(load<f64>(at(count, c)));
    const v = at(variance, c * d);
    let j = 0;
    for (; j + 2 <= d; j += 2)
      v128.store(v + ((<usize>j) << 3), f64x2.div(v128.load(v + ((<usize>j) << 3)), vc));
    if (j < d) store<f64>(at(v, j), load<f64>(at(v, j)) / load<f64>(at(count, c)));
  }
}

/**
 * out (n x K) = logConst[c] - 0.5 * sum_j (x_ij - theta_cj)^2 * invVar_cj, with thetaT and invVarT
 * transposed (d x K2, K2 = K rounded up to even, padding lanes ignored).
 */
export function jointLogLikelihood(
  X: usize,
  n: i32,
  d: i32,
  thetaT: usize,
  invVarT: usize,
  logConst: usize,
  K: i32,
  K2: i32,
  out: usize,
): void {
  const half = f64x2.splat(0.5);
  for (let i = 0; i < n; i++) {
    const x = at(X, i * d);
    for (let c = 0; c < K; c += 2) {
      let acc = f64x2.splat(0);
      for (let j = 0; j < d; j++) {
        const o = at(thetaT, j * K2 + c) - thetaT;
        const t = f64x2.sub(f64x2.splat(load<f64>(at(x, j))), v128.load(thetaT + o));
        acc = f64x2.add(acc, f64x2.mul(f64x2.mul(t, t), v128.load(invVarT + o)));
      }
      const r = f64x2.sub(v128.load(at(logConst, c)), f64x2.mul(half, acc));
      store<f64>(at(out, i * K + c), f64x2.extract_lane(r, 0));
      if (c + 1 < K) store<f64>(at(out, i * K + c + 1), f64x2.extract_lane(r, 1));
    }
  }
}
