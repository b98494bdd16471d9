/**
 * Crammer & Singer's multi-class SVM (liblinear's solver 4, MCSVM_CS), dual form
 *   min_a 0.5 sum_m ||w_m||^2 + sum_i sum_{m != y_i} a_i^m,   w_m = sum_i a_i^m x_i,
 *   a_i^m <= 0 (m != y_i), a_i^{y_i} <= C_i, sum_m a_i^m = 0,
 * solved by the sequential dual method of Keerthi et al. (2008): samples in a seeded random order,
 * each sample's k variables set to the exact minimizer of its sub-problem (the sorting algorithm),
 * with shrinking (samples with a_i = 0 beyond the margin are set aside; all come back whenever the
 * gap falls below a threshold that starts at max(10 eps, 1) and halves, as liblinear schedules it),
 * stopping when every sample's gradient gap max_m G_m - min_{m: a_i^m < bound} G_m is < eps.
 * The bias column (when present) is penalized like the other weights, as liblinear does.
 */
import type { Rng } from '../../core/rng.js';

export interface CrammerSingerResult {
  /** k x D row-major weights (one row per class). */
  readonly W: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

export function solveCrammerSinger(
  X: Float64Array,
  n: number,
  D: number,
  y: Int32Array,
  k: number,
  C: Float64Array,
  eps: number,
  maxIter: number,
  rng: Rng,
  onIter?: (iter: number) => void,
): CrammerSingerResult {
  const W = new Float64Array(k * D);
  const alpha = new Float64Array(n * k);
  const QD = new Float64Array(n);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += (X[i * D + j] as number) ** 2;
    QD[i] = s;
    index[i] = i;
  }
  const G = new Float64Array(k);
  const B = new Float64Array(k);
  const Dsort = new Float64Array(k);
  const aNew = new Float64Array(k);
  let iter = 0;
  let converged = false;
  // shrinking: a sample with all a_i = 0 whose true-class score already beats every other class by
  // the margin is set aside; when the active set meets eps every sample is checked again
  let activeSize = n;
  let epsShrink = Math.max(10 * eps, 1);
  while (iter < maxIter) {
    const fullPass = activeSize === n;
    for (let t = 0; t < activeSize; t++) {
      const r = t + rng.int(activeSize - t);
      const tmp = index[t] as number;
      index[t] = index[r] as number;
      index[r] = tmp;
    }
    let stopping = -Infinity;
    for (let s = 0; s < activeSize; s++) {
      const i = index[s] as number;
      const Ai = QD[i] as number;
      if (Ai <= 0) continue;
      const yi = y[i] as number;
      const Ci = C[i] as number;
      const xo = i * D;
      const ao = i * k;
      for (let m = 0; m < k; m++) {
        let g = m === yi ? 0 : 1;
        const wo = m * D;
        for (let j = 0; j < D; j++) g += (W[wo + j] as number) * (X[xo + j] as number);
        G[m] = g;
      }
      let minG = Infinity;
      let maxG = -Infinity;
      let zero = true;
      let maxOther = -Infinity;
      for (let m = 0; m < k; m++) {
        const bound = m === yi ? Ci : 0;
        const g = G[m] as number;
        const a = alpha[ao + m] as number;
        if (a !== 0) zero = false;
        if (m !== yi && g > maxOther) maxOther = g;
        if (a < bound && g < minG) minG = g;
        if (g > maxG) maxG = g;
      }
      if (zero && maxOther < (G[yi] as number)) {
        activeSize--;
        index[s] = index[activeSize] as number;
        index[activeSize] = i;
        s--;
        continue;
      }
      if (maxG - minG <= 1e-12) continue;
      stopping = Math.max(stopping, maxG - minG);
      for (let m = 0; m < k; m++) B[m] = (G[m] as number) - Ai * (alpha[ao + m] as number);
      // sub-problem: min 0.5 Ai ||a||^2 + B'a, a_m <= bound_m, sum a = 0
      for (let m = 0; m < k; m++) Dsort[m] = B[m] as number;
      Dsort[yi] = (Dsort[yi] as number) + Ai * Ci;
      // descending insertion sort (k is small)
      for (let a = 1; a < k; a++) {
        const v = Dsort[a] as number;
        let b = a - 1;
        while (b >= 0 && (Dsort[b] as number) < v) {
          Dsort[b + 1] = Dsort[b] as number;
          b--;
        }
        Dsort[b + 1] = v;
      }
      let beta = (Dsort[0] as number) - Ai * Ci;
      let r = 1;
      while (r < k && beta < r * (Dsort[r] as number)) {
        beta += Dsort[r] as number;
        r++;
      }
      beta /= r;
      for (let m = 0; m < k; m++) {
        const bound = m === yi ? Ci : 0;
        aNew[m] = Math.min(bound, (beta - (B[m] as number)) / Ai);
      }
      for (let m = 0; m < k; m++) {
        const dlt = (aNew[m] as number) - (alpha[ao + m] as number);
        if (dlt === 0) continue;
        alpha[ao + m] = aNew[m] as number;
        const wo = m * D;
        for (let j = 0; j < D; j++) W[wo + j] = (W[wo + j] as number) + dlt * (X[xo + j] as number);
      }
    }
    iter++;
    onIter?.(iter);
    // liblinear's schedule: below eps_shrink every sample comes back and eps_shrink halves
    if (stopping < epsShrink) {
      if (stopping < eps && fullPass) {
        converged = true;
        break;
      }
      activeSize = n;
      epsShrink = Math.max(epsShrink / 2, eps);
    }
  }
  return { W, iterations: iter, converged };
}
