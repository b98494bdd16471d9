/**
 * Primal Newton solver for the L2-regularized squared-hinge SVM
 *   f(w) = 0.5 w'w + sum_i C_i max(0, 1 - y_i w'x_i)^2
 * (liblinear's L2R_L2LOSS_SVC primal, here Newton-CG with a backtracking line search). The
 * generalized Hessian is I + 2 sum_{i: margin < 1} C_i x_i x_i'; conjugate gradients only need
 * Hessian-vector products, O(n D) each. Stops when ||grad|| <= eps * max(min(#pos, #neg), 1) / n *
 * ||grad(0)|| as liblinear does; it converges in tens of iterations where dual coordinate descent
 * can need thousands (n >> D).
 */
import type { BinaryLinearProblem, LinearSolveResult } from './dual-cd.js';

/** Up to this many columns the Newton system is formed and solved by Cholesky; above, by CG. */
const DENSE_MAX = 128;

export function solvePrimalNewton(
  prob: BinaryLinearProblem,
  eps: number,
  maxIter: number,
  onIter?: (iter: number) => void,
): LinearSolveResult {
  const { X, n, D, y, C } = prob;
  const w = new Float64Array(D);
  const z = new Float64Array(n); // y_i w'x_i
  const g = new Float64Array(D);
  const s = new Float64Array(D);
  const r = new Float64Array(D);
  const dvec = new Float64Array(D);
  const Hd = new Float64Array(D);
  const active = new Int32Array(n);
  const wNew = new Float64Array(D);
  const zNew = new Float64Array(n);
  const Xs = new Float64Array(n); // y_i s'x_i
  const H = D <= DENSE_MAX ? new Float64Array(D * D) : new Float64Array(0);

  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) pos++;
  const objective = (zz: Float64Array, ww: Float64Array): number => {
    let f = 0;
    for (let k = 0; k < D; k++) f += (ww[k] as number) * (ww[k] as number);
    f *= 0.5;
    for (let i = 0; i < n; i++) {
      const m = 1 - (zz[i] as number);
      if (m > 0) f += (C[i] as number) * m * m;
    }
    return f;
  };
  /** Gradient at (w, z) into g; fills the active set; returns its size. */
  const gradient = (): number => {
    g.set(w);
    let na = 0;
    for (let i = 0; i < n; i++) {
      const m = 1 - (z[i] as number);
      if (m > 0) {
        active[na++] = i;
        const c = -2 * (C[i] as number) * m * (y[i] as number);
        const o = i * D;
        for (let k = 0; k < D; k++) g[k] = (g[k] as number) + c * (X[o + k] as number);
      }
    }
    return na;
  };
  const norm = (v: Float64Array): number => {
    let t = 0;
    for (let k = 0; k < D; k++) t += (v[k] as number) * (v[k] as number);
    return Math.sqrt(t);
  };

  let f = objective(z, w);
  let na = gradient();
  const gnorm0 = norm(g);
  const stop = (eps * Math.max(Math.min(pos, n - pos), 1)) / n;
  let iter = 0;
  let converged = norm(g) <= stop * gnorm0;
  while (!converged && iter < maxIter) {
    if (D <= DENSE_MAX) newtonDirectionDense(X, D, C, active, na, g, s, H);
    else {
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
          const o = i * D;
          let xd = 0;
          for (let k = 0; k < D; k++) xd += (X[o + k] as number) * (dvec[k] as number);
          const c = 2 * (C[i] as number) * xd;
          for (let k = 0; k < D; k++) Hd[k] = (Hd[k] as number) + c * (X[o + k] as number);
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
    // backtracking line search along s
    let gs = 0;
    for (let k = 0; k < D; k++) gs += (g[k] as number) * (s[k] as number);
    for (let i = 0; i < n; i++) {
      const o = i * D;
      let t = 0;
      for (let k = 0; k < D; k++) t += (X[o + k] as number) * (s[k] as number);
      Xs[i] = (y[i] as number) * t;
    }
    let step = 1;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let k = 0; k < D; k++) wNew[k] = (w[k] as number) + step * (s[k] as number);
      for (let i = 0; i < n; i++) zNew[i] = (z[i] as number) + step * (Xs[i] as number);
      const fNew = objective(zNew, wNew);
      if (fNew <= f + 0.01 * step * gs) {
        w.set(wNew);
        z.set(zNew);
        f = fNew;
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    iter++;
    onIter?.(iter);
    na = gradient();
    if (norm(g) <= stop * gnorm0) converged = true;
    if (!accepted) break; // no descent possible at machine precision
  }
  return { w, iterations: iter, converged };
}

/** s = -H^{-1} g with H = I + 2 sum_active C_i x_i x_i' formed explicitly (lower triangle) and Cholesky. */
function newtonDirectionDense(
  X: Float64Array,
  D: number,
  C: Float64Array,
  active: Int32Array,
  na: number,
  g: Float64Array,
  s: Float64Array,
  H: Float64Array,
): void {
  H.fill(0);
  for (let t = 0; t < na; t++) {
    const i = active[t] as number;
    const o = i * D;
    const c = 2 * (C[i] as number);
    for (let a = 0; a < D; a++) {
      const v = c * (X[o + a] as number);
      if (v === 0) continue;
      const ro = a * D;
      for (let b = 0; b <= a; b++) H[ro + b] = (H[ro + b] as number) + v * (X[o + b] as number);
    }
  }
  for (let a = 0; a < D; a++) H[a * D + a] = (H[a * D + a] as number) + 1;
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
