/**
 * The weighted logistic objective on the host (float64), shared by the newton-cg, newton-cholesky,
 * sag and saga solvers:
 *   f(W, b) = scale * sum_i s_i CE_i(W, b) + 0.5 * alpha * ||W||^2
 * binary (k = 1, labels 0/1, sigmoid) or multinomial (k >= 2, labels 0..k-1, softmax). Parameters
 * are flat: W (k x d, row-major) then k intercepts when fitIntercept (never penalized).
 */
import { crossEntropySum } from '../../core/kernels/reference/linear-loss.js';

export interface LogisticProblem {
  /** n x d row-major. */
  readonly X: Float64Array;
  readonly n: number;
  readonly d: number;
  /** 1 (binary sigmoid) or the number of classes (softmax). */
  readonly k: number;
  readonly y: Int32Array;
  /** Per-sample weights (class weight x sample weight). */
  readonly sw: Float64Array;
  readonly fitIntercept: boolean;
}

/** Number of parameters (W then the intercepts). */
export function nParams(p: LogisticProblem): number {
  return p.k * p.d + (p.fitIntercept ? p.k : 0);
}

/** log(1 + exp(z)), stable for both signs. */
export function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Scores Z (n x k) = X W^T + b. */
export function scores(p: LogisticProblem, w: Float64Array, Z: Float64Array): void {
  const { X, n, d, k, fitIntercept } = p;
  const bo = k * d;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    for (let c = 0; c < k; c++) {
      let s = fitIntercept ? (w[bo + c] as number) : 0;
      const wo = c * d;
      for (let j = 0; j < d; j++) s += (X[xo + j] as number) * (w[wo + j] as number);
      Z[i * k + c] = s;
    }
  }
}

/**
 * Value and gradient (into g) of the objective; leaves in P the per-sample probabilities (n x k:
 * sigmoid for k = 1, softmax otherwise) for a following Hessian product.
 */
export function valueGrad(
  p: LogisticProblem,
  w: Float64Array,
  alpha: number,
  scale: number,
  g: Float64Array,
  Z: Float64Array,
  P: Float64Array,
): number {
  const { X, n, d, k, y, sw, fitIntercept } = p;
  scores(p, w, Z);
  g.fill(0);
  let f = 0;
  const bo = k * d;
  for (let i = 0; i < n; i++) {
    const si = (sw[i] as number) * scale;
    const xo = i * d;
    const yi = y[i] as number;
    if (k === 1) {
      const z = Z[i] as number;
      f += si * (log1pExp(z) - (yi === 1 ? z : 0));
      const pr = sigmoid(z);
      P[i] = pr;
      const r = si * (pr - yi);
      if (r !== 0) for (let j = 0; j < d; j++) g[j] = (g[j] as number) + r * (X[xo + j] as number);
      if (fitIntercept) g[bo] = (g[bo] as number) + r;
      continue;
    }
    let mx = -Infinity;
    for (let c = 0; c < k; c++) mx = Math.max(mx, Z[i * k + c] as number);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp((Z[i * k + c] as number) - mx);
      P[i * k + c] = e;
      sum += e;
    }
    f += si * (mx + Math.log(sum) - (Z[i * k + yi] as number));
    for (let c = 0; c < k; c++) {
      const pr = (P[i * k + c] as number) / sum;
      P[i * k + c] = pr;
      const r = si * (pr - (c === yi ? 1 : 0));
      const wo = c * d;
      for (let j = 0; j < d; j++) g[wo + j] = (g[wo + j] as number) + r * (X[xo + j] as number);
      if (fitIntercept) g[bo + c] = (g[bo + c] as number) + r;
    }
  }
  if (alpha !== 0) {
    let sq = 0;
    for (let j = 0; j < bo; j++) {
      const v = w[j] as number;
      sq += v * v;
      g[j] = (g[j] as number) + alpha * v;
    }
    f += 0.5 * alpha * sq;
  }
  return f;
}

/** Objective value only (no gradient), for line searches: the fused cpu cross-entropy kernel. */
export function value(
  p: LogisticProblem,
  w: Float64Array,
  alpha: number,
  scale: number,
  _Z: Float64Array,
): number {
  const { X, n, d, k, y, sw, fitIntercept } = p;
  let f = scale * crossEntropySum({ X, n, d, y, k, fitIntercept, sampleWeight: sw }, w, null);
  if (alpha !== 0) {
    let sq = 0;
    for (let j = 0; j < k * d; j++) sq += (w[j] as number) * (w[j] as number);
    f += 0.5 * alpha * sq;
  }
  return f;
}

/** Hessian-vector product H v (into out) at the point whose probabilities are in P. */
export function hessVec(
  p: LogisticProblem,
  P: Float64Array,
  alpha: number,
  scale: number,
  v: Float64Array,
  out: Float64Array,
  U: Float64Array,
): void {
  const { X, n, d, k, sw, fitIntercept } = p;
  scores(p, v, U); // U = X V^T + vb
  out.fill(0);
  const bo = k * d;
  for (let i = 0; i < n; i++) {
    const si = (sw[i] as number) * scale;
    const xo = i * d;
    if (k === 1) {
      const pr = P[i] as number;
      const r = si * pr * (1 - pr) * (U[i] as number);
      if (r !== 0) for (let j = 0; j < d; j++) out[j] = (out[j] as number) + r * (X[xo + j] as number);
      if (fitIntercept) out[bo] = (out[bo] as number) + r;
      continue;
    }
    let pu = 0;
    for (let c = 0; c < k; c++) pu += (P[i * k + c] as number) * (U[i * k + c] as number);
    for (let c = 0; c < k; c++) {
      const r = si * (P[i * k + c] as number) * ((U[i * k + c] as number) - pu);
      const wo = c * d;
      for (let j = 0; j < d; j++) out[wo + j] = (out[wo + j] as number) + r * (X[xo + j] as number);
      if (fitIntercept) out[bo + c] = (out[bo + c] as number) + r;
    }
  }
  if (alpha !== 0) for (let j = 0; j < bo; j++) out[j] = (out[j] as number) + alpha * (v[j] as number);
}

/** max_j |v_j|. */
export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let j = 0; j < v.length; j++) m = Math.max(m, Math.abs(v[j] as number));
  return m;
}

/** In-place Cholesky solve of the SPD system A x = b (A m x m row-major, overwritten); false if not SPD. */
export function choleskySolve(A: Float64Array, m: number, b: Float64Array, x: Float64Array): boolean {
  for (let j = 0; j < m; j++) {
    let dj = A[j * m + j] as number;
    for (let t = 0; t < j; t++) dj -= (A[j * m + t] as number) ** 2;
    if (!(dj > 0)) return false;
    const l = Math.sqrt(dj);
    A[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let v = A[i * m + j] as number;
      for (let t = 0; t < j; t++) v -= (A[i * m + t] as number) * (A[j * m + t] as number);
      A[i * m + j] = v / l;
    }
  }
  for (let i = 0; i < m; i++) {
    let v = b[i] as number;
    for (let t = 0; t < i; t++) v -= (A[i * m + t] as number) * (x[t] as number);
    x[i] = v / (A[i * m + i] as number);
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = x[i] as number;
    for (let t = i + 1; t < m; t++) v -= (A[t * m + i] as number) * (x[t] as number);
    x[i] = v / (A[i * m + i] as number);
  }
  return true;
}
