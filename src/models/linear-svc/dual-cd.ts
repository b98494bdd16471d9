/**
 * liblinear's dual coordinate descent for L2-regularized L1-/L2-loss SVMs (Hsieh et al. 2008,
 * solve_l2r_l1l2_svc): random permutation of the active set per epoch, shrinking by the projected
 * gradient, and the stopping rule PGmax - PGmin <= eps (re-checked on the full set).
 */
import type { Rng } from '../../core/rng.js';

export interface BinaryLinearProblem {
  /** n x D row-major (D includes the bias column when fitting an intercept). */
  readonly X: Float64Array;
  readonly n: number;
  readonly D: number;
  /** +1 / -1. */
  readonly y: Int8Array;
  /** Per-sample C. */
  readonly C: Float64Array;
}

export interface LinearSolveResult {
  readonly w: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

export function solveDualCd(
  prob: BinaryLinearProblem,
  loss: 'hinge' | 'squared_hinge',
  eps: number,
  maxIter: number,
  rng: Rng,
  onIter?: (iter: number) => void,
): LinearSolveResult {
  const { X, n, D, y, C } = prob;
  const w = new Float64Array(D);
  const alpha = new Float64Array(n);
  const QD = new Float64Array(n);
  const diag = new Float64Array(n);
  const ub = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ci = C[i] as number;
    if (loss === 'hinge') {
      diag[i] = 0;
      ub[i] = ci;
    } else {
      diag[i] = 0.5 / ci;
      ub[i] = Infinity;
    }
    let s = diag[i] as number;
    const o = i * D;
    for (let k = 0; k < D; k++) s += (X[o + k] as number) * (X[o + k] as number);
    QD[i] = s;
    index[i] = i;
  }
  let activeSize = n;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  let iter = 0;
  let converged = false;
  while (iter < maxIter) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let i = 0; i < activeSize; i++) {
      const j = i + rng.int(activeSize - i);
      const t = index[i] as number;
      index[i] = index[j] as number;
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s] as number;
      const yi = y[i] as number;
      const o = i * D;
      let dot = 0;
      for (let k = 0; k < D; k++) dot += (w[k] as number) * (X[o + k] as number);
      const ai = alpha[i] as number;
      const Ci = ub[i] as number;
      const G = yi * dot - 1 + ai * (diag[i] as number);
      let PG = 0;
      if (ai === 0) {
        if (G > PGmaxOld) {
          activeSize--;
          index[s] = index[activeSize] as number;
          index[activeSize] = i;
          s--;
          continue;
        }
        if (G < 0) PG = G;
      } else if (ai === Ci) {
        if (G < PGminOld) {
          activeSize--;
          index[s] = index[activeSize] as number;
          index[activeSize] = i;
          s--;
          continue;
        }
        if (G > 0) PG = G;
      } else PG = G;
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const an = Math.min(Math.max(ai - G / (QD[i] as number), 0), Ci);
        alpha[i] = an;
        const d = (an - ai) * yi;
        for (let k = 0; k < D; k++) w[k] = (w[k] as number) + d * (X[o + k] as number);
      }
    }
    iter++;
    onIter?.(iter);
    if (PGmaxNew - PGminNew <= eps) {
      if (activeSize === n) {
        converged = true;
        break;
      }
      activeSize = n;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew <= 0 ? Infinity : PGmaxNew;
    PGminOld = PGminNew >= 0 ? -Infinity : PGminNew;
  }
  return { w, iterations: iter, converged };
}
