/**
 * Stochastic average gradient solvers of LogisticRegression, with scikit-learn 1.2's conventions:
 * objective (1/n) sum_i s_i CE_i + alpha/(2n) ||W||^2 + beta/n ||W||_1 (alpha = (1-l1Ratio)/C,
 * beta = l1Ratio/C; intercepts never penalized), samples drawn uniformly with replacement (n draws
 * per epoch), the gradient average divided by the number of distinct samples seen so far, the
 * L2 part applied by shrinking the weights, the L1 part (saga only) by a soft-threshold proximal step.
 * Step size: L = 0.25 (max_i ||x_i||^2 + fitIntercept) + alpha/n; sag 1/L, saga 1/(2L + min(2 alpha, L)).
 * Stops after an epoch whose largest weight change is <= tol x the largest weight (intercepts not
 * counted), or after maxIter epochs.
 */
import { Rng } from '../../core/rng.js';
import type { LogisticProblem } from './host-problem.js';
import { nParams, sigmoid } from './host-problem.js';
import type { HostSolveResult } from './newton.js';

export interface SagOptions {
  readonly saga: boolean;
  /** L2 strength (1/C for penalty l2, (1 - l1Ratio)/C for elasticnet, 0 for l1 / none). */
  readonly alpha: number;
  /** L1 strength (saga only). */
  readonly beta: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly seed: number;
  readonly w0?: Float64Array | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onIter?: ((epoch: number) => void) | undefined;
}

/** scikit-learn's automatic SAG/SAGA step size for the log loss. */
export function sagStepSize(
  maxSquaredSum: number,
  alphaScaled: number,
  fitIntercept: boolean,
  n: number,
  saga: boolean,
): number {
  const L = 0.25 * (maxSquaredSum + (fitIntercept ? 1 : 0)) + alphaScaled;
  if (!saga) return 1 / L;
  return 1 / (2 * L + Math.min(2 * n * alphaScaled, L));
}

export function solveSag(p: LogisticProblem, o: SagOptions): HostSolveResult {
  const { X, n, d, k, y, sw, fitIntercept } = p;
  const m = nParams(p);
  const nW = k * d;
  const w = o.w0 ? Float64Array.from(o.w0) : new Float64Array(m);
  let maxSq = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (X[i * d + j] as number) ** 2;
    if (s > maxSq) maxSq = s;
  }
  const alphaS = o.alpha / n;
  const betaS = o.beta / n;
  const step = sagStepSize(maxSq, alphaS, fitIntercept, n, o.saga);
  const shrink = 1 - step * alphaS;
  const thr = step * betaS;
  const memory = new Float64Array(n * k);
  const seen = new Uint8Array(n);
  const sumGrad = new Float64Array(nW);
  const sumB = new Float64Array(k);
  const z = new Float64Array(k);
  const corr = new Float64Array(k);
  const prev = new Float64Array(nW);
  const rng = new Rng(o.seed);
  let nSeen = 0;
  let epoch = 0;
  let converged = false;
  while (epoch < o.maxIter) {
    if (o.signal?.aborted) break;
    prev.set(w.subarray(0, nW));
    for (let it = 0; it < n; it++) {
      const i = rng.int(n);
      const xo = i * d;
      const si = sw[i] as number;
      const yi = y[i] as number;
      // per-sample gradient of the loss w.r.t. the scores
      for (let c = 0; c < k; c++) {
        let s = fitIntercept ? (w[nW + c] as number) : 0;
        const wo = c * d;
        for (let j = 0; j < d; j++) s += (X[xo + j] as number) * (w[wo + j] as number);
        z[c] = s;
      }
      if (k === 1) corr[0] = si * (sigmoid(z[0] as number) - yi);
      else {
        let mx = -Infinity;
        for (let c = 0; c < k; c++) mx = Math.max(mx, z[c] as number);
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const e = Math.exp((z[c] as number) - mx);
          corr[c] = e;
          sum += e;
        }
        for (let c = 0; c < k; c++) corr[c] = si * ((corr[c] as number) / sum - (c === yi ? 1 : 0));
      }
      if (seen[i] === 0) {
        seen[i] = 1;
        nSeen++;
      }
      const inv = 1 / nSeen;
      for (let c = 0; c < k; c++) {
        const gNew = corr[c] as number;
        const gc = gNew - (memory[i * k + c] as number);
        memory[i * k + c] = gNew;
        const wo = c * d;
        if (o.saga) {
          // w <- prox( shrink * w - step * (correction x_i + mean of the old memory) )
          for (let j = 0; j < d; j++) {
            const xij = X[xo + j] as number;
            const old = sumGrad[wo + j] as number;
            let v = shrink * (w[wo + j] as number) - step * (gc * xij + old * inv);
            sumGrad[wo + j] = old + gc * xij;
            if (thr > 0) v = v > thr ? v - thr : v < -thr ? v + thr : 0;
            w[wo + j] = v;
          }
          if (fitIntercept) {
            const old = sumB[c] as number;
            w[nW + c] = (w[nW + c] as number) - step * (gc + old * inv);
            sumB[c] = old + gc;
          }
        } else {
          for (let j = 0; j < d; j++) {
            const sg = (sumGrad[wo + j] as number) + gc * (X[xo + j] as number);
            sumGrad[wo + j] = sg;
            w[wo + j] = shrink * (w[wo + j] as number) - step * sg * inv;
          }
          if (fitIntercept) {
            const sb = (sumB[c] as number) + gc;
            sumB[c] = sb;
            w[nW + c] = (w[nW + c] as number) - step * sb * inv;
          }
        }
      }
    }
    epoch++;
    o.onIter?.(epoch);
    let maxChange = 0;
    let maxWeight = 0;
    for (let j = 0; j < nW; j++) {
      const v = w[j] as number;
      if (!Number.isFinite(v)) return { w, nIter: epoch, converged: false };
      maxWeight = Math.max(maxWeight, Math.abs(v));
      maxChange = Math.max(maxChange, Math.abs(v - (prev[j] as number)));
    }
    if ((maxWeight !== 0 && maxChange / maxWeight <= o.tol) || (maxWeight === 0 && maxChange === 0)) {
      converged = true;
      break;
    }
  }
  return { w, nIter: epoch, converged };
}
