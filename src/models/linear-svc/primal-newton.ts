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

/**
 * The step w + s in one pass over X: Xs_i = y_i x_i's (two rows at a time, two partial sums per
 * row: the dot products are latency-bound otherwise), zNext = z + Xs, the
 * objective's data part sum_{m_i > 0} C_i m_i^2 (m_i = 1 - zNext_i) added to out.f in row order (as
 * objectiveAt(1)), and the gradient at w + s accumulated into g (which holds w + s on entry) with
 * the active rows and their coefficients, out.na of them (as activeGradient after z += Xs). Each
 * row is read once; the gradient is summed in row order, four rows at a time as they come.
 */
function fullStepPass(
  X: Float64Array,
  n: number,
  D: number,
  bias: number | undefined,
  y: Int8Array,
  C: Float64Array,
  z: Float64Array,
  s: Float64Array,
  Xs: Float64Array,
  zNext: Float64Array,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
  out: { f: number; na: number },
): void {
  const hasBias = bias !== undefined;
  const e = bias ?? 0;
  const p = hasBias ? D - 1 : D;
  const sb = e * (s[p] as number); // read only with a bias (s has D = p + 1 entries then)
  let f = out.f;
  let na = 0;
  let done = 0; // active[done..na) not yet in g
  let i = 0;
  // four rows at a time sharing the loads of s (each row's sums as in the two-row loop below)
  for (; i + 4 <= n; i += 4) {
    const o = i * p;
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    let c0 = 0;
    let c1 = 0;
    let d0 = 0;
    let d1 = 0;
    let k = 0;
    for (; k + 2 <= p; k += 2) {
      const s0 = s[k] as number;
      const s1 = s[k + 1] as number;
      const t = o + k;
      a0 += (X[t] as number) * s0;
      a1 += (X[t + 1] as number) * s1;
      b0 += (X[t + p] as number) * s0;
      b1 += (X[t + p + 1] as number) * s1;
      c0 += (X[t + 2 * p] as number) * s0;
      c1 += (X[t + 2 * p + 1] as number) * s1;
      d0 += (X[t + 3 * p] as number) * s0;
      d1 += (X[t + 3 * p + 1] as number) * s1;
    }
    if (k < p) {
      const s0 = s[k] as number;
      const t = o + k;
      a0 += (X[t] as number) * s0;
      b0 += (X[t + p] as number) * s0;
      c0 += (X[t + 2 * p] as number) * s0;
      d0 += (X[t + 3 * p] as number) * s0;
      if (hasBias) {
        a1 += sb;
        b1 += sb;
        c1 += sb;
        d1 += sb;
      }
    } else if (hasBias) {
      a0 += sb;
      b0 += sb;
      c0 += sb;
      d0 += sb;
    }
    Xs[i] = (y[i] as number) * (a0 + a1);
    Xs[i + 1] = (y[i + 1] as number) * (b0 + b1);
    Xs[i + 2] = (y[i + 2] as number) * (c0 + c1);
    Xs[i + 3] = (y[i + 3] as number) * (d0 + d1);
    for (let r = i; r < i + 4; r++) {
      const zi = (z[r] as number) + (Xs[r] as number);
      zNext[r] = zi;
      const m = 1 - zi;
      if (m > 0) {
        f += (C[r] as number) * m * m;
        active[na] = r;
        coef[na++] = -2 * (C[r] as number) * m * (y[r] as number);
      }
    }
    while (na - done >= 4) {
      addRows4(X, p, bias, g, active, coef, done);
      done += 4;
    }
  }
  for (; i < n; ) {
    let x0: number;
    let x1 = 0;
    const two = i + 2 <= n;
    const o = i * p;
    if (two) {
      const q = o + p;
      let a0 = 0;
      let a1 = 0;
      let b0 = 0;
      let b1 = 0;
      let k = 0;
      for (; k + 2 <= p; k += 2) {
        const s0 = s[k] as number;
        const s1 = s[k + 1] as number;
        a0 += (X[o + k] as number) * s0;
        a1 += (X[o + k + 1] as number) * s1;
        b0 += (X[q + k] as number) * s0;
        b1 += (X[q + k + 1] as number) * s1;
      }
      if (k < p) {
        const s0 = s[k] as number;
        a0 += (X[o + k] as number) * s0;
        b0 += (X[q + k] as number) * s0;
        if (hasBias) {
          a1 += sb;
          b1 += sb;
        }
      } else if (hasBias) {
        a0 += sb;
        b0 += sb;
      }
      x0 = (y[i] as number) * (a0 + a1);
      x1 = (y[i + 1] as number) * (b0 + b1);
    } else {
      let t = 0;
      for (let k = 0; k < p; k++) t += (X[o + k] as number) * (s[k] as number);
      if (hasBias) t += sb;
      x0 = (y[i] as number) * t;
    }
    const end = two ? i + 2 : i + 1;
    for (; i < end; i++) {
      const xs = i === end - 1 && two ? x1 : x0;
      Xs[i] = xs;
      const zi = (z[i] as number) + xs;
      zNext[i] = zi;
      const m = 1 - zi;
      if (m > 0) {
        f += (C[i] as number) * m * m;
        active[na] = i;
        coef[na++] = -2 * (C[i] as number) * m * (y[i] as number);
      }
    }
    if (na - done >= 4) {
      addRows4(X, p, bias, g, active, coef, done);
      done += 4;
    }
  }
  for (; done + 4 <= na; done += 4) addRows4(X, p, bias, g, active, coef, done);
  for (; done < na; done++) {
    const o = (active[done] as number) * p;
    const c = coef[done] as number;
    for (let k = 0; k < p; k++) g[k] = (g[k] as number) + c * (X[o + k] as number);
    if (hasBias) g[p] = (g[p] as number) + c * e;
  }
  out.f = f;
  out.na = na;
}

/**
 * activeGradient at w = 0 (z = 0: every row active with margin 1, coefficient -2 C_i y_i), g = 0 on
 * entry; the same sums in the same order, through the tile of the full-step pass.
 */
function gradientAtZero(
  X: Float64Array,
  n: number,
  D: number,
  bias: number | undefined,
  y: Int8Array,
  C: Float64Array,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
): number {
  const p = bias === undefined ? D : D - 1;
  for (let i = 0; i < n; i++) {
    active[i] = i;
    coef[i] = -2 * (C[i] as number) * (y[i] as number);
  }
  let t = 0;
  for (; t + 4 <= n; t += 4) addRows4(X, p, bias, g, active, coef, t);
  for (; t < n; t++) {
    const o = t * p;
    const c = coef[t] as number;
    for (let k = 0; k < p; k++) g[k] = (g[k] as number) + c * (X[o + k] as number);
    if (bias !== undefined) g[p] = (g[p] as number) + c * bias;
  }
  return n;
}

/** g += sum of coef[t] x_{active[t]} for t = t0..t0+3, added in that order (activeGradient's tile). */
function addRows4(
  X: Float64Array,
  p: number,
  bias: number | undefined,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
  t: number,
): void {
  const o0 = (active[t] as number) * p;
  const o1 = (active[t + 1] as number) * p;
  const o2 = (active[t + 2] as number) * p;
  const o3 = (active[t + 3] as number) * p;
  const c0 = coef[t] as number;
  const c1 = coef[t + 1] as number;
  const c2 = coef[t + 2] as number;
  const c3 = coef[t + 3] as number;
  if (bias !== undefined) g[p] = (g[p] as number) + c0 * bias + c1 * bias + c2 * bias + c3 * bias;
  for (let k = 0; k < p; k++) {
    g[k] =
      (g[k] as number) +
      c0 * (X[o0 + k] as number) +
      c1 * (X[o1 + k] as number) +
      c2 * (X[o2 + k] as number) +
      c3 * (X[o3 + k] as number);
  }
}

/**
 * g = w - 2 sum_{i: z_i < 1} C_i (1 - z_i) y_i x_i, after z += step Xs (Xs finite; step 0 leaves z as it is); the active
 * rows go to active[0..na) (returned na), their coefficients to coef. Four rows per pass over g.
 */
function activeGradient(
  X: Float64Array,
  n: number,
  D: number,
  bias: number | undefined,
  y: Int8Array,
  C: Float64Array,
  z: Float64Array,
  w: Float64Array,
  g: Float64Array,
  active: Int32Array,
  coef: Float64Array,
  step: number,
  Xs: Float64Array,
): number {
  let na = 0;
  for (let i = 0; i < n; i++) {
    const zi = (z[i] as number) + step * (Xs[i] as number);
    z[i] = zi;
    const m = 1 - zi;
    if (m > 0) {
      active[na] = i;
      coef[na++] = -2 * (C[i] as number) * m * (y[i] as number);
    }
  }
  g.set(w);
  const p = bias === undefined ? D : D - 1;
  let t = 0;
  for (; t + 4 <= na; t += 4) {
    const o0 = (active[t] as number) * p;
    const o1 = (active[t + 1] as number) * p;
    const o2 = (active[t + 2] as number) * p;
    const o3 = (active[t + 3] as number) * p;
    const c0 = coef[t] as number;
    const c1 = coef[t + 1] as number;
    const c2 = coef[t + 2] as number;
    const c3 = coef[t + 3] as number;
    if (bias !== undefined) g[p] = (g[p] as number) + c0 * bias + c1 * bias + c2 * bias + c3 * bias;
    for (let k = 0; k < p; k++) {
      g[k] =
        (g[k] as number) +
        c0 * (X[o0 + k] as number) +
        c1 * (X[o1 + k] as number) +
        c2 * (X[o2 + k] as number) +
        c3 * (X[o3 + k] as number);
    }
  }
  for (; t < na; t++) {
    const o = (active[t] as number) * p;
    const c = coef[t] as number;
    for (let k = 0; k < p; k++) g[k] = (g[k] as number) + c * (X[o + k] as number);
    if (bias !== undefined) g[p] = (g[p] as number) + c * bias;
  }
  return na;
}
