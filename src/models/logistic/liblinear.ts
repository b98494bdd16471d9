/**
 * LogisticRegression's 'liblinear' solvers, on liblinear's binary problem: labels +-1, per-sample
 * costs C_i (C x class weight x sample weight), the intercept a feature of value interceptScaling
 * that is penalized like every other weight:
 * - primal L2:  min 0.5 w'w + sum_i C_i log(1 + exp(-y_i w'x_i))  — Newton (Cholesky on the full
 *   Hessian up to 256 columns, conjugate gradients above) with an Armijo line search; stops when
 *   ||g|| <= eps max(min(#pos, #neg), 1) / n ||g(0)|| (liblinear's rule).
 * - dual L2 (dual: true): coordinate descent on the dual of the same problem (Yu, Huang & Lin 2011,
 *   liblinear's solve_l2r_lr_dual): each alpha_i in (0, C_i) by a safeguarded 1-D Newton method;
 *   stops when the largest sub-problem gradient of an epoch is < eps.
 * - L1:  min ||w||_1 + sum_i C_i log(1 + exp(-y_i w'x_i)) — a proximal Newton method as liblinear's
 *   newGLMNET (Yuan, Ho & Lin 2012): coordinate descent on the L1-penalized quadratic model, then a
 *   line search; stops when the 1-norm of the minimum-norm subgradient is <= eps x its value at w = 0.
 */
import type { Rng } from '../../core/rng.js';
import type { BinaryLinearProblem, LinearSolveResult } from '../linear-svc/dual-cd.js';
import { choleskySolve, log1pExp, sigmoid } from './host-problem.js';

function stopScale(prob: BinaryLinearProblem): number {
  let pos = 0;
  for (let i = 0; i < prob.n; i++) if (prob.y[i] === 1) pos++;
  return Math.max(Math.min(pos, prob.n - pos), 1) / prob.n;
}

function margins(prob: BinaryLinearProblem, w: Float64Array, z: Float64Array): void {
  const { X, n, D, y } = prob;
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * D;
    for (let j = 0; j < D; j++) s += (X[o + j] as number) * (w[j] as number);
    z[i] = (y[i] as number) * s;
  }
}

function lossSum(prob: BinaryLinearProblem, z: Float64Array): number {
  let f = 0;
  for (let i = 0; i < prob.n; i++) f += (prob.C[i] as number) * log1pExp(-(z[i] as number));
  return f;
}

/** Gradient of sum_i C_i log(1 + exp(-z_i)) (into L) and the Hessian weights D_i; z = margins. */
function lossGrad(prob: BinaryLinearProblem, z: Float64Array, L: Float64Array, Dw: Float64Array): void {
  const { X, n, D, y, C } = prob;
  L.fill(0);
  for (let i = 0; i < n; i++) {
    const s = sigmoid(z[i] as number);
    const ci = C[i] as number;
    Dw[i] = ci * s * (1 - s);
    const r = ci * (s - 1) * (y[i] as number);
    if (r === 0) continue;
    const o = i * D;
    for (let j = 0; j < D; j++) L[j] = (L[j] as number) + r * (X[o + j] as number);
  }
}

const DENSE_MAX = 256;

export function solveLiblinearPrimal(
  prob: BinaryLinearProblem,
  eps: number,
  maxIter: number,
): LinearSolveResult {
  const { X, n, D } = prob;
  const w = new Float64Array(D);
  const z = new Float64Array(n);
  const g = new Float64Array(D);
  const Dw = new Float64Array(n);
  const s = new Float64Array(D);
  const negG = new Float64Array(D);
  const wNew = new Float64Array(D);
  const zNew = new Float64Array(n);
  const H = new Float64Array(D <= DENSE_MAX ? D * D : 0);
  const r = new Float64Array(D);
  const dir = new Float64Array(D);
  const Hd = new Float64Array(D);
  const xs = new Float64Array(n);
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  const objective = (ww: Float64Array, zz: Float64Array): number =>
    0.5 * ww.reduce((a, b) => a + b * b, 0) + lossSum(prob, zz);
  margins(prob, w, z);
  let f = objective(w, z);
  const grad = (): void => {
    lossGrad(prob, z, g, Dw);
    for (let j = 0; j < D; j++) g[j] = (g[j] as number) + (w[j] as number);
  };
  grad();
  const stop = eps * stopScale(prob) * norm(g);
  let iter = 0;
  let converged = norm(g) <= stop;
  while (!converged && iter < maxIter) {
    for (let j = 0; j < D; j++) negG[j] = -(g[j] as number);
    if (D <= DENSE_MAX) {
      H.fill(0);
      for (let i = 0; i < n; i++) {
        const h = Dw[i] as number;
        if (h === 0) continue;
        const o = i * D;
        for (let a = 0; a < D; a++) {
          const v = h * (X[o + a] as number);
          if (v === 0) continue;
          for (let b = 0; b <= a; b++) H[a * D + b] = (H[a * D + b] as number) + v * (X[o + b] as number);
        }
      }
      for (let a = 0; a < D; a++) H[a * D + a] = (H[a * D + a] as number) + 1;
      choleskySolve(H, D, negG, s);
    } else {
      s.fill(0);
      r.set(negG);
      dir.set(negG);
      let rr = r.reduce((a, b) => a + b * b, 0);
      const cgTol = 0.1 * Math.sqrt(rr);
      for (let cg = 0; cg < 2 * D && Math.sqrt(rr) > cgTol; cg++) {
        Hd.set(dir);
        for (let i = 0; i < n; i++) {
          const o = i * D;
          let t = 0;
          for (let j = 0; j < D; j++) t += (X[o + j] as number) * (dir[j] as number);
          t *= Dw[i] as number;
          if (t !== 0) for (let j = 0; j < D; j++) Hd[j] = (Hd[j] as number) + t * (X[o + j] as number);
        }
        let dHd = 0;
        for (let j = 0; j < D; j++) dHd += (dir[j] as number) * (Hd[j] as number);
        const a = rr / dHd;
        let rrNew = 0;
        for (let j = 0; j < D; j++) {
          s[j] = (s[j] as number) + a * (dir[j] as number);
          r[j] = (r[j] as number) - a * (Hd[j] as number);
          rrNew += (r[j] as number) ** 2;
        }
        const beta = rrNew / rr;
        rr = rrNew;
        for (let j = 0; j < D; j++) dir[j] = (r[j] as number) + beta * (dir[j] as number);
      }
    }
    let gs = 0;
    for (let j = 0; j < D; j++) gs += (g[j] as number) * (s[j] as number);
    for (let i = 0; i < n; i++) {
      const o = i * D;
      let t = 0;
      for (let j = 0; j < D; j++) t += (X[o + j] as number) * (s[j] as number);
      xs[i] = (prob.y[i] as number) * t;
    }
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < D; j++) wNew[j] = (w[j] as number) + t * (s[j] as number);
      for (let i = 0; i < n; i++) zNew[i] = (z[i] as number) + t * (xs[i] as number);
      const fn = objective(wNew, zNew);
      if (fn <= f + 1e-4 * t * gs) {
        accepted = fn < f; // no decrease left at machine precision: stop
        w.set(wNew);
        z.set(zNew);
        f = fn;
        break;
      }
      t *= 0.5;
    }
    iter++;
    grad();
    if (norm(g) <= stop) converged = true;
    if (!accepted) break;
  }
  return { w, iterations: iter, converged };
}

export function solveLiblinearDual(
  prob: BinaryLinearProblem,
  eps: number,
  maxIter: number,
  rng: Rng,
): LinearSolveResult {
  const { X, n, D, y, C } = prob;
  const w = new Float64Array(D);
  // alpha[2i] = alpha_i, alpha[2i + 1] = C_i - alpha_i
  const alpha = new Float64Array(2 * n);
  const xTx = new Float64Array(n);
  const index = new Int32Array(n);
  const innerMax = 100;
  const innerEpsMin = Math.min(1e-8, eps);
  let innerEps = 1e-2;
  for (let i = 0; i < n; i++) {
    const ci = C[i] as number;
    alpha[2 * i] = Math.min(0.001 * ci, 1e-8);
    alpha[2 * i + 1] = ci - (alpha[2 * i] as number);
    const o = i * D;
    let s = 0;
    for (let j = 0; j < D; j++) s += (X[o + j] as number) ** 2;
    xTx[i] = s;
    const a = (y[i] as number) * (alpha[2 * i] as number);
    for (let j = 0; j < D; j++) w[j] = (w[j] as number) + a * (X[o + j] as number);
    index[i] = i;
  }
  let iter = 0;
  let converged = false;
  while (iter < maxIter) {
    for (let i = 0; i < n; i++) {
      const j = i + rng.int(n - i);
      const t = index[i] as number;
      index[i] = index[j] as number;
      index[j] = t;
    }
    let newtonIter = 0;
    let Gmax = 0;
    for (let s = 0; s < n; s++) {
      const i = index[s] as number;
      const yi = y[i] as number;
      const ci = C[i] as number;
      const o = i * D;
      let ywTx = 0;
      for (let j = 0; j < D; j++) ywTx += (X[o + j] as number) * (w[j] as number);
      ywTx *= yi;
      const a = xTx[i] as number;
      const b = ywTx;
      // minimize g(z) = z log z + (C - z) log(C - z) + 0.5 a (z - z_old)^2 + sign b (z - z_old)
      let ind1 = 2 * i;
      let ind2 = 2 * i + 1;
      let sign = 1;
      if (0.5 * a * ((alpha[ind2] as number) - (alpha[ind1] as number)) + b < 0) {
        ind1 = 2 * i + 1;
        ind2 = 2 * i;
        sign = -1;
      }
      const zOld = alpha[ind1] as number;
      let z = zOld;
      if (ci - z < 0.5 * ci) z *= 0.1;
      let gp = a * (z - zOld) + sign * b + Math.log(z / (ci - z));
      Gmax = Math.max(Gmax, Math.abs(gp));
      let inner = 0;
      while (inner <= innerMax) {
        if (Math.abs(gp) < innerEps) break;
        const gpp = a + ci / (ci - z) / z;
        const tz = z - gp / gpp;
        z = tz <= 0 ? z * 0.1 : tz;
        gp = a * (z - zOld) + sign * b + Math.log(z / (ci - z));
        newtonIter++;
        inner++;
      }
      if (inner > 0) {
        alpha[ind1] = z;
        alpha[ind2] = ci - z;
        const dlt = sign * (z - zOld) * yi;
        for (let j = 0; j < D; j++) w[j] = (w[j] as number) + dlt * (X[o + j] as number);
      }
    }
    iter++;
    if (Gmax < eps) {
      converged = true;
      break;
    }
    if (newtonIter <= n / 10) innerEps = Math.max(innerEpsMin, 0.1 * innerEps);
  }
  return { w, iterations: iter, converged };
}

/** 1-norm of the minimum-norm subgradient of ||w||_1 + loss (penalized columns `pen`), gradient L. */
function subgradNorm(w: Float64Array, L: Float64Array, pen: Uint8Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) {
    const g = L[j] as number;
    const wj = w[j] as number;
    if (pen[j] === 0) s += Math.abs(g);
    else if (wj > 0) s += Math.abs(g + 1);
    else if (wj < 0) s += Math.abs(g - 1);
    else s += Math.max(Math.abs(g) - 1, 0);
  }
  return s;
}

export function solveLiblinearL1(
  prob: BinaryLinearProblem,
  eps: number,
  maxIter: number,
  penalizeLast = true,
): LinearSolveResult {
  const { X, n, D, y } = prob;
  const pen = new Uint8Array(D).fill(1);
  if (!penalizeLast) pen[D - 1] = 0;
  // column-major copy for coordinate access
  const XT = new Float64Array(n * D);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < D; j++) XT[j * n + i] = (y[i] as number) * (X[i * D + j] as number);
  const w = new Float64Array(D);
  const z = new Float64Array(n); // y_i w'x_i
  const L = new Float64Array(D);
  const Dw = new Float64Array(n);
  const Hjj = new Float64Array(D);
  const dlt = new Float64Array(D);
  const Xd = new Float64Array(n); // y_i dlt'x_i
  const zNew = new Float64Array(n);
  const nu = 1e-12;
  const Hq = new Float64Array(D <= DENSE_MAX ? D * D : 0);
  const Hdl = new Float64Array(D);
  const l1 = (v: Float64Array): number => {
    let s = 0;
    for (let j = 0; j < D; j++) if (pen[j] === 1) s += Math.abs(v[j] as number);
    return s;
  };
  margins(prob, w, z);
  lossGrad(prob, z, L, Dw);
  const gnorm0 = subgradNorm(w, L, pen);
  let f = lossSum(prob, z) + l1(w);
  let iter = 0;
  let converged = gnorm0 === 0;
  const wTry = new Float64Array(D);
  while (!converged && iter < maxIter) {
    const gnorm = subgradNorm(w, L, pen);
    if (gnorm <= eps * gnorm0) {
      converged = true;
      break;
    }
    // the model's Hessian X'DX: formed once per Newton step when D is small (each coordinate update
    // then costs O(D), not O(n)); otherwise its products are taken through X on the fly
    const dense = Hq.length > 0;
    if (dense) {
      Hq.fill(0);
      for (let i = 0; i < n; i++) {
        const h = Dw[i] as number;
        if (h === 0) continue;
        for (let a = 0; a < D; a++) {
          const v = h * (XT[a * n + i] as number);
          if (v === 0) continue;
          for (let b = 0; b <= a; b++)
            Hq[a * D + b] = (Hq[a * D + b] as number) + v * (XT[b * n + i] as number);
        }
      }
      for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) Hq[b * D + a] = Hq[a * D + b] as number;
      for (let j = 0; j < D; j++) Hjj[j] = (Hq[j * D + j] as number) + nu;
      Hdl.fill(0);
    } else {
      for (let j = 0; j < D; j++) {
        let h = nu;
        const co = j * n;
        for (let i = 0; i < n; i++) h += (Dw[i] as number) * (XT[co + i] as number) ** 2;
        Hjj[j] = h;
      }
    }
    dlt.fill(0);
    Xd.fill(0);
    // coordinate descent on q(d) = L'd + 0.5 d'(X'DX + nu I)d + ||w + d||_1
    const innerTol = Math.max((dense ? 0.01 : 0.1) * gnorm, 1e-3 * eps * gnorm0);
    for (let pass = 0; pass < (dense ? 1000 : 100); pass++) {
      let viol = 0;
      for (let j = 0; j < D; j++) {
        const co = j * n;
        let G = (L[j] as number) + nu * (dlt[j] as number);
        if (dense) G += Hdl[j] as number;
        else for (let i = 0; i < n; i++) G += (Dw[i] as number) * (XT[co + i] as number) * (Xd[i] as number);
        const H = Hjj[j] as number;
        const wj = (w[j] as number) + (dlt[j] as number);
        let step: number;
        if (pen[j] === 0) {
          step = -G / H;
          viol += Math.abs(G);
        } else {
          const gp = G + 1;
          const gn = G - 1;
          if (wj > 0) viol += Math.abs(gp);
          else if (wj < 0) viol += Math.abs(gn);
          else viol += Math.max(Math.abs(G) - 1, 0);
          if (gp <= H * wj) step = -gp / H;
          else if (gn >= H * wj) step = -gn / H;
          else step = -wj;
        }
        if (step === 0) continue;
        dlt[j] = (dlt[j] as number) + step;
        if (dense) for (let a = 0; a < D; a++) Hdl[a] = (Hdl[a] as number) + step * (Hq[a * D + j] as number);
        else for (let i = 0; i < n; i++) Xd[i] = (Xd[i] as number) + step * (XT[co + i] as number);
      }
      if (viol <= innerTol) break;
    }
    if (dense) {
      for (let j = 0; j < D; j++) {
        const dj = dlt[j] as number;
        if (dj === 0) continue;
        const co = j * n;
        for (let i = 0; i < n; i++) Xd[i] = (Xd[i] as number) + dj * (XT[co + i] as number);
      }
    }
    // line search on F(w + t d) <= F(w) + sigma t (L'd + ||w + d||_1 - ||w||_1)
    let delta = 0;
    for (let j = 0; j < D; j++) {
      delta += (L[j] as number) * (dlt[j] as number);
      wTry[j] = (w[j] as number) + (dlt[j] as number);
    }
    const l1w = l1(w);
    delta += l1(wTry) - l1w;
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let j = 0; j < D; j++) wTry[j] = (w[j] as number) + t * (dlt[j] as number);
      for (let i = 0; i < n; i++) zNew[i] = (z[i] as number) + t * (Xd[i] as number);
      const fn = lossSum(prob, zNew) + l1(wTry);
      if (fn <= f + 0.01 * t * delta) {
        accepted = fn < f; // no decrease left at machine precision: stop
        w.set(wTry);
        z.set(zNew);
        f = fn;
        break;
      }
      t *= 0.5;
    }
    iter++;
    lossGrad(prob, z, L, Dw);
    if (!accepted) break;
  }
  if (!converged && subgradNorm(w, L, pen) <= eps * gnorm0) converged = true;
  return { w, iterations: iter, converged };
}
