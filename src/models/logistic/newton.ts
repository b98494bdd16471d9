/**
 * Second-order solvers of LogisticRegression's L2 (or unpenalized) objective, as scikit-learn 1.2:
 * - newton-cg: f = sum_i s_i CE_i + 0.5/C ||W||^2, truncated Newton (inner conjugate gradients on
 *   Hessian-vector products, forcing term min(0.5, sqrt(|g|_1)) |g|_1, at most 200 inner steps),
 *   an Armijo line search, stops when max |g| <= tol. Binary and multinomial.
 * - newton-cholesky: the same objective scaled by 1 / sum(s) (scikit-learn's NewtonCholeskySolver),
 *   the full Hessian formed and solved by Cholesky, stops when max |g| <= tol and the Newton
 *   decrement 0.5 s'Hs <= tol. Binary only (scikit-learn 1.2 has no multinomial backend for it).
 */
import {
  choleskySolve,
  hessVec,
  type LogisticProblem,
  maxAbs,
  nParams,
  value,
  valueGrad,
} from './host-problem.js';

export interface HostSolveResult {
  readonly w: Float64Array;
  readonly nIter: number;
  readonly converged: boolean;
}

export interface NewtonOptions {
  readonly alpha: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly w0?: Float64Array | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onIter?: ((iter: number, value: number) => void) | undefined;
}

/** Backtracking (Armijo) step along s from w (value f, directional derivative gs < 0); returns the new value or NaN. */
function lineSearch(
  p: LogisticProblem,
  w: Float64Array,
  s: Float64Array,
  f: number,
  gs: number,
  alpha: number,
  scale: number,
  wNew: Float64Array,
  Z: Float64Array,
): number {
  let t = 1;
  for (let ls = 0; ls < 60; ls++) {
    for (let j = 0; j < w.length; j++) wNew[j] = (w[j] as number) + t * (s[j] as number);
    const fn = value(p, wNew, alpha, scale, Z);
    if (fn <= f + 1e-4 * t * gs) return fn;
    t *= 0.5;
  }
  return Number.NaN;
}

export function solveNewtonCg(p: LogisticProblem, o: NewtonOptions): HostSolveResult {
  const m = nParams(p);
  const { n, k } = p;
  const w = o.w0 ? Float64Array.from(o.w0) : new Float64Array(m);
  const g = new Float64Array(m);
  const Z = new Float64Array(n * k);
  const P = new Float64Array(n * k);
  const U = new Float64Array(n * k);
  const s = new Float64Array(m);
  const r = new Float64Array(m);
  const dir = new Float64Array(m);
  const Hd = new Float64Array(m);
  const wNew = new Float64Array(m);
  let iter = 0;
  let converged = false;
  while (iter < o.maxIter) {
    if (o.signal?.aborted) break;
    const f = valueGrad(p, w, o.alpha, 1, g, Z, P);
    if (maxAbs(g) <= o.tol) {
      converged = true;
      break;
    }
    let mag = 0;
    for (let j = 0; j < m; j++) mag += Math.abs(g[j] as number);
    const termcond = Math.min(0.5, Math.sqrt(mag)) * mag;
    // conjugate gradients on H s = -g
    s.fill(0);
    let rr = 0;
    for (let j = 0; j < m; j++) {
      r[j] = -(g[j] as number);
      dir[j] = r[j] as number;
      rr += (r[j] as number) ** 2;
    }
    for (let inner = 0; inner < 200; inner++) {
      let rAbs = 0;
      for (let j = 0; j < m; j++) rAbs += Math.abs(r[j] as number);
      if (rAbs <= termcond) break;
      hessVec(p, P, o.alpha, 1, dir, Hd, U);
      let dHd = 0;
      for (let j = 0; j < m; j++) dHd += (dir[j] as number) * (Hd[j] as number);
      if (dHd <= 0) {
        if (inner === 0) s.set(r); // steepest descent when the first direction has no curvature
        break;
      }
      const a = rr / dHd;
      let rrNew = 0;
      for (let j = 0; j < m; j++) {
        s[j] = (s[j] as number) + a * (dir[j] as number);
        r[j] = (r[j] as number) - a * (Hd[j] as number);
        rrNew += (r[j] as number) ** 2;
      }
      const beta = rrNew / rr;
      rr = rrNew;
      for (let j = 0; j < m; j++) dir[j] = (r[j] as number) + beta * (dir[j] as number);
    }
    let gs = 0;
    for (let j = 0; j < m; j++) gs += (g[j] as number) * (s[j] as number);
    if (!(gs < 0)) break;
    const fn = lineSearch(p, w, s, f, gs, o.alpha, 1, wNew, Z);
    iter++;
    if (Number.isNaN(fn) || !(fn < f)) break; // no descent left at machine precision
    w.set(wNew);
    o.onIter?.(iter, fn);
  }
  return { w, nIter: iter, converged };
}

export function solveNewtonCholesky(p: LogisticProblem, o: NewtonOptions): HostSolveResult {
  const m = nParams(p);
  const { X, n, d, sw, fitIntercept } = p;
  if (p.k !== 1) throw new RangeError('newton-cholesky solves binary problems only');
  let swSum = 0;
  for (let i = 0; i < n; i++) swSum += sw[i] as number;
  const scale = 1 / swSum;
  const alpha = o.alpha * scale;
  const w = o.w0 ? Float64Array.from(o.w0) : new Float64Array(m);
  const g = new Float64Array(m);
  const Z = new Float64Array(n);
  const P = new Float64Array(n);
  const H = new Float64Array(m * m);
  const Hc = new Float64Array(m * m);
  const s = new Float64Array(m);
  const negG = new Float64Array(m);
  const wNew = new Float64Array(m);
  const row = new Float64Array(m);
  let iter = 0;
  let converged = false;
  while (iter <= o.maxIter) {
    if (o.signal?.aborted) break;
    const f = valueGrad(p, w, alpha, scale, g, Z, P);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const pr = P[i] as number;
      const h = (sw[i] as number) * scale * pr * (1 - pr);
      if (h === 0) continue;
      row.set(X.subarray(i * d, i * d + d));
      if (fitIntercept) row[d] = 1;
      for (let a = 0; a < m; a++) {
        const v = h * (row[a] as number);
        if (v === 0) continue;
        for (let b = 0; b <= a; b++) H[a * m + b] = (H[a * m + b] as number) + v * (row[b] as number);
      }
    }
    for (let a = 0; a < d; a++) H[a * m + a] = (H[a * m + a] as number) + alpha;
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) H[b * m + a] = H[a * m + b] as number;
    for (let j = 0; j < m; j++) negG[j] = -(g[j] as number);
    Hc.set(H);
    if (!choleskySolve(Hc, m, negG, s)) {
      // singular Hessian (no penalty, separable data): fall back to a gradient step
      s.set(negG);
    }
    let gs = 0;
    let dec = 0;
    for (let j = 0; j < m; j++) gs += (g[j] as number) * (s[j] as number);
    for (let a = 0; a < m; a++) {
      let t = 0;
      for (let b = 0; b < m; b++) t += (H[a * m + b] as number) * (s[b] as number);
      dec += (s[a] as number) * t;
    }
    if (maxAbs(g) <= o.tol && 0.5 * dec <= o.tol) {
      converged = true;
      break;
    }
    if (iter === o.maxIter || !(gs < 0)) break;
    const fn = lineSearch(p, w, s, f, gs, alpha, scale, wNew, Z);
    iter++;
    if (Number.isNaN(fn) || !(fn < f)) break;
    w.set(wNew);
    o.onIter?.(iter, fn);
  }
  return { w, nIter: iter, converged };
}
