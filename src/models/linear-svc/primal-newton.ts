/**
 * Primal Newton solver for the L2-regularized squared-hinge SVM
 *   f(w) = 0.5 w'w + sum_i C_i max(0, 1 - y_i w'x_i)^2
 * (liblinear's L2R_L2LOSS_SVC primal, here Newton-CG with a backtracking line search). The
 * generalized Hessian is I + 2 sum_{i: margin < 1} C_i x_i x_i'; conjugate gradients only need
 * Hessian-vector products, O(n D) each. Stops when ||grad|| <= eps * max(min(#pos, #neg), 1) / n *
 * ||grad(0)|| as liblinear does; it converges in tens of iterations where dual coordinate descent
 * can need thousands (n >> D). With D <= DENSE_MAX the Newton system is formed and factored; its
 * data part is carried from one iteration to the next by the rows whose active status flipped
 * (active-hessian.ts) and starts from the all-rows Gram, which one-vs-rest classes share.
 */
import { ActiveSetHessian, addWeightedOuter, type HessianRoute, weightedGram } from './active-hessian.js';
import type { BinaryLinearProblem, LinearSolveResult } from './dual-cd.js';
import { activeGradient, fullStepPass, gradientAtZero } from './row-passes.js';

/** Up to this many columns the Newton system is formed and solved by Cholesky; above, by CG. */
const DENSE_MAX = 128;

export interface GramCache {
  C?: Float64Array;
  gram?: Float64Array;
}

/**
 * A binary problem whose intercept feature may be implicit: with `bias` given, X holds n x (D - 1)
 * and every x_i ends with the constant `bias` (not stored), the same problem as the stored
 * D-column matrix, solved with the same operations in the same order (bit-identical results).
 */
export interface PrimalProblem extends BinaryLinearProblem {
  readonly bias?: number;
}

export interface PrimalNewtonOptions {
  /**
   * How the dense Newton system's data part sum_active C_i x_i x_i' is obtained each iteration:
   * 'incremental' (default) updates it from the previous one by the rows whose active status
   * flipped (active-hessian.ts); 'reform' sums the active rows afresh (the reference).
   */
  readonly hessian?: 'incremental' | 'reform';
  /**
   * Reuse of the all-rows Gram sum_i C_i x_i x_i' across solves on the same X (one-vs-rest
   * classes share it when their C agree): read when its C equals this problem's, else refilled.
   */
  readonly gramCache?: GramCache;
  /** Called with the route each dense Hessian update took (tests). */
  readonly onHessian?: (route: HessianRoute | 'reform', A: Float64Array) => void;
}

export function solvePrimalNewton(
  prob: PrimalProblem,
  eps: number,
  maxIter: number,
  onIter?: (iter: number) => void,
  options: PrimalNewtonOptions = {},
): LinearSolveResult {
  const { X, n, D, y, C, bias } = prob;
  const p = bias === undefined ? D : D - 1; // stored columns of X
  const w = new Float64Array(D);
  let z = new Float64Array(n); // y_i w'x_i
  let g = new Float64Array(D);
  let zNext = new Float64Array(n); // z and g at w + s (fullStepPass)
  let gNext = new Float64Array(D);
  const pass = { f: 0, na: 0 };
  const s = new Float64Array(D);
  const r = new Float64Array(D);
  const dvec = new Float64Array(D);
  const Hd = new Float64Array(D);
  const active = new Int32Array(n);
  const Xs = new Float64Array(n); // y_i s'x_i
  const dense = D <= DENSE_MAX;
  const H = dense ? new Float64Array(D * D) : new Float64Array(0);
  const incremental = dense && (options.hessian ?? 'incremental') === 'incremental';
  const tracker = incremental
    ? new ActiveSetHessian(X, n, D, C, cachedGram(X, n, D, C, bias, options.gramCache), 8, bias)
    : undefined;
  const Aref = dense && !incremental ? new Float64Array(D * D) : new Float64Array(0);
  const r32 = dense && !incremental ? new Int32Array(n) : new Int32Array(0);

  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) pos++;
  /** f(w + step s) with z + step Xs for the margins (step 0: f(w)). */
  const objectiveAt = (step: number): number => {
    let f = 0;
    for (let k = 0; k < D; k++) {
      const wk = (w[k] as number) + step * (s[k] as number);
      f += wk * wk;
    }
    f *= 0.5;
    for (let i = 0; i < n; i++) {
      const m = 1 - ((z[i] as number) + step * (Xs[i] as number));
      if (m > 0) f += (C[i] as number) * m * m;
    }
    return f;
  };
  const coef = new Float64Array(n);
  const norm = (v: Float64Array): number => {
    let t = 0;
    for (let k = 0; k < D; k++) t += (v[k] as number) * (v[k] as number);
    return Math.sqrt(t);
  };

  let f = objectiveAt(0);
  let na = gradientAtZero(X, n, D, bias, y, C, g, active, coef);
  const gnorm0 = norm(g);
  const stop = (eps * Math.max(Math.min(pos, n - pos), 1)) / n;
  let iter = 0;
  let converged = norm(g) <= stop * gnorm0;
  while (!converged && iter < maxIter) {
    if (dense) {
      let A: Float64Array;
      if (tracker) {
        const route = tracker.update(active, na);
        A = tracker.A;
        options.onHessian?.(route, A);
      } else {
        Aref.fill(0);
        let m = 0;
        for (let t = 0; t < na; t++) {
          const i = active[t] as number;
          if ((C[i] as number) !== 0) r32[m++] = i;
        }
        addWeightedOuter(Aref, X, D, C, r32, m, 1, bias);
        A = Aref;
        options.onHessian?.('reform', A);
      }
      newtonDirectionDense(A, D, g, s, H);
    } else {
      // CG on H s = -g (H = I + 2 sum_active C_i x_i x_i'), Hessian-vector products only
      s.fill(0);
      let rTr = 0;
      for (let k = 0; k < D; k++) {
        r[k] = -(g[k] as number);
        dvec[k] = r[k] as number;
        rTr += (r[k] as number) * (r[k] as number);
      }
      const cgTol = 1e-4 * Math.sqrt(rTr);
      for (let cg = 0; cg < D && Math.sqrt(rTr) > cgTol; cg++) {
        Hd.set(dvec);
        for (let t = 0; t < na; t++) {
          const i = active[t] as number;
          const o = i * p;
          let xd = 0;
          for (let k = 0; k < p; k++) xd += (X[o + k] as number) * (dvec[k] as number);
          if (bias !== undefined) xd += bias * (dvec[p] as number);
          const c = 2 * (C[i] as number) * xd;
          for (let k = 0; k < p; k++) Hd[k] = (Hd[k] as number) + c * (X[o + k] as number);
          if (bias !== undefined) Hd[p] = (Hd[p] as number) + c * bias;
        }
        let dHd = 0;
        for (let k = 0; k < D; k++) dHd += (dvec[k] as number) * (Hd[k] as number);
        const a = rTr / dHd;
        let rTrNew = 0;
        for (let k = 0; k < D; k++) {
          s[k] = (s[k] as number) + a * (dvec[k] as number);
          r[k] = (r[k] as number) - a * (Hd[k] as number);
          rTrNew += (r[k] as number) * (r[k] as number);
        }
        const beta = rTrNew / rTr;
        rTr = rTrNew;
        for (let k = 0; k < D; k++) dvec[k] = (r[k] as number) + beta * (dvec[k] as number);
      }
    }
    // backtracking line search along s; the full step in one pass over X that also gives, should
    // it be accepted, the gradient there (the same values as the row dots x_i's, objectiveAt(1) and
    // activeGradient after it)
    let gs = 0;
    for (let k = 0; k < D; k++) gs += (g[k] as number) * (s[k] as number);
    let step = 1;
    let wf = 0;
    for (let k = 0; k < D; k++) {
      const wk = (w[k] as number) + step * (s[k] as number);
      gNext[k] = wk;
      wf += wk * wk;
    }
    pass.f = 0.5 * wf;
    fullStepPass(X, n, D, bias, y, C, z, s, Xs, zNext, gNext, active, coef, pass);
    if (pass.f <= f + 0.01 * step * gs) {
      for (let k = 0; k < D; k++) w[k] = (w[k] as number) + step * (s[k] as number);
      f = pass.f;
      na = pass.na;
      const zt = z;
      z = zNext;
      zNext = zt;
      const gt = g;
      g = gNext;
      gNext = gt;
      iter++;
      onIter?.(iter);
    } else {
      let accepted = false;
      for (let ls = 1; ls < 40; ls++) {
        step *= 0.5;
        const fNew = objectiveAt(step);
        if (fNew <= f + 0.01 * step * gs) {
          for (let k = 0; k < D; k++) w[k] = (w[k] as number) + step * (s[k] as number);
          f = fNew;
          accepted = true;
          break;
        }
      }
      iter++;
      onIter?.(iter);
      // z += step Xs (accepted step only) in the gradient's pass over the margins
      na = activeGradient(X, n, D, bias, y, C, z, w, g, active, coef, accepted ? step : 0, Xs);
      if (!accepted) {
        converged = norm(g) <= stop * gnorm0;
        break; // no descent possible at machine precision
      }
    }
    if (norm(g) <= stop * gnorm0) converged = true;
  }
  return { w, iterations: iter, converged };
}

function cachedGram(
  X: Float64Array,
  n: number,
  D: number,
  C: Float64Array,
  bias: number | undefined,
  cache: GramCache | undefined,
): Float64Array {
  if (!cache) return weightedGram(X, n, D, C, bias);
  const { C: Cc, gram } = cache;
  if (Cc && gram && Cc.length === n && gram.length === D * D) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = Cc[i] === C[i];
    if (same) return gram;
  }
  const G = weightedGram(X, n, D, C, bias);
  cache.C = Float64Array.from(C);
  cache.gram = G;
  return G;
}

/** s = -H^{-1} g with H = I + 2A (A: lower triangle of sum_active C_i x_i x_i') by Cholesky in H. */
function newtonDirectionDense(
  A: Float64Array,
  D: number,
  g: Float64Array,
  s: Float64Array,
  H: Float64Array,
): void {
  for (let a = 0; a < D; a++) {
    const ro = a * D;
    for (let b = 0; b < a; b++) H[ro + b] = 2 * (A[ro + b] as number);
    H[ro + a] = 1 + 2 * (A[ro + a] as number);
  }
  // Cholesky H = L L' in place (lower triangle); H is SPD (identity plus a PSD matrix)
  for (let j = 0; j < D; j++) {
    let dj = H[j * D + j] as number;
    for (let k = 0; k < j; k++) dj -= (H[j * D + k] as number) * (H[j * D + k] as number);
    const ljj = Math.sqrt(dj);
    H[j * D + j] = ljj;
    for (let i = j + 1; i < D; i++) {
      let v = H[i * D + j] as number;
      for (let k = 0; k < j; k++) v -= (H[i * D + k] as number) * (H[j * D + k] as number);
      H[i * D + j] = v / ljj;
    }
  }
  // forward then backward substitution for L L' s = -g
  for (let i = 0; i < D; i++) {
    let v = -(g[i] as number);
    for (let k = 0; k < i; k++) v -= (H[i * D + k] as number) * (s[k] as number);
    s[i] = v / (H[i * D + i] as number);
  }
  for (let i = D - 1; i >= 0; i--) {
    let v = s[i] as number;
    for (let k = i + 1; k < D; k++) v -= (H[k * D + i] as number) * (s[k] as number);
    s[i] = v / (H[i * D + i] as number);
  }
}
