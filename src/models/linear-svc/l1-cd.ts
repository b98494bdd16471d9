/**
 * liblinear's L1-regularized squared-hinge SVM (solver 5, L1R_L2LOSS_SVC):
 *   min ||w||_1 + sum_i C_i max(0, 1 - y_i w'x_i)^2
 * (the bias column, when present, is penalized like every weight, as liblinear does), by cyclic
 * coordinate descent over a seeded random permutation of the coordinates: each coordinate takes a
 * Newton step on the generalized second derivative with the L1 term handled exactly (soft
 * threshold), then an Armijo line search on the true 1-D objective (Chang, Hsieh & Lin 2008 /
 * Yuan et al. 2010). Stops when the 1-norm of the minimum-norm subgradient is <= eps x its value
 * at w = 0, or when an epoch can no longer decrease the objective.
 */
import type { Rng } from '../../core/rng.js';
import type { BinaryLinearProblem, LinearSolveResult } from './dual-cd.js';

export function solveL1SquaredHinge(
  prob: BinaryLinearProblem,
  eps: number,
  maxIter: number,
  rng: Rng,
  onIter?: (iter: number) => void,
): LinearSolveResult {
  const { X, n, D, y, C } = prob;
  // column-major y_i x_ij for coordinate access
  const XT = new Float64Array(n * D);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < D; j++) XT[j * n + i] = (y[i] as number) * (X[i * D + j] as number);
  const w = new Float64Array(D);
  const b = new Float64Array(n).fill(1); // 1 - y_i w'x_i
  const index = new Int32Array(D);
  for (let j = 0; j < D; j++) index[j] = j;
  const nu = 1e-12;
  const sigma = 0.01;
  /** Gradient of the loss along coordinate j and its generalized second derivative. */
  const derivs = (j: number): [number, number] => {
    const co = j * n;
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      const bi = b[i] as number;
      if (bi <= 0) continue;
      const v = XT[co + i] as number;
      if (v === 0) continue;
      const ci = C[i] as number;
      G -= 2 * ci * v * bi;
      H += 2 * ci * v * v;
    }
    return [G, Math.max(H, nu)];
  };
  const subgradNorm = (): number => {
    let s = 0;
    for (let j = 0; j < D; j++) {
      const [G] = derivs(j);
      const wj = w[j] as number;
      if (wj > 0) s += Math.abs(G + 1);
      else if (wj < 0) s += Math.abs(G - 1);
      else s += Math.max(Math.abs(G) - 1, 0);
    }
    return s;
  };
  const gnorm0 = subgradNorm();
  let iter = 0;
  let converged = gnorm0 === 0;
  while (!converged && iter < maxIter) {
    for (let t = 0; t < D; t++) {
      const r = t + rng.int(D - t);
      const tmp = index[t] as number;
      index[t] = index[r] as number;
      index[r] = tmp;
    }
    let moved = false;
    for (let t = 0; t < D; t++) {
      const j = index[t] as number;
      const co = j * n;
      const [G, H] = derivs(j);
      const wj = w[j] as number;
      const gp = G + 1;
      const gn = G - 1;
      let d: number;
      if (gp < H * wj) d = -gp / H;
      else if (gn > H * wj) d = -gn / H;
      else d = -wj;
      if (Math.abs(d) < 1e-15) continue;
      // Armijo line search on the exact 1-D objective change
      const delta = G * d + Math.abs(wj + d) - Math.abs(wj);
      let step = 1;
      for (let ls = 0; ls < 60; ls++) {
        const dd = step * d;
        let change = Math.abs(wj + dd) - Math.abs(wj);
        for (let i = 0; i < n; i++) {
          const v = XT[co + i] as number;
          if (v === 0) continue;
          const bi = b[i] as number;
          const bn = bi - dd * v;
          const ci = C[i] as number;
          change += ci * ((bn > 0 ? bn * bn : 0) - (bi > 0 ? bi * bi : 0));
        }
        if (change <= sigma * step * delta) {
          if (change < 0) {
            w[j] = wj + dd;
            for (let i = 0; i < n; i++) b[i] = (b[i] as number) - dd * (XT[co + i] as number);
            moved = true;
          }
          break;
        }
        step *= 0.5;
      }
    }
    iter++;
    onIter?.(iter);
    if (subgradNorm() <= eps * gnorm0) converged = true;
    else if (!moved) break;
  }
  return { w, iterations: iter, converged };
}
