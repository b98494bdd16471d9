/**
 * Float64 reference of the Gaussian naive Bayes kernels: per-class weighted moments in one pass, and
 * the joint log-likelihood of every row and class.
 */
import type { DenseMatrix } from '../contract.js';
import type { ClassMoments, NbKernels } from '../nb.js';

/**
 * One pass of shifted, weighted sums per class (shift = the first row, so sums of squares do not
 * cancel): mean = s + S1/W, var = max(0, (S2 - S1^2/W) / W) with W = sum(w), S1 = sum(w (x - s)),
 * S2 = sum(w (x - s)^2) -- scikit-learn's weighted average and (biased) variance. A class of total
 * weight 0 gets NaN moments.
 */
export function classMoments(
  X: DenseMatrix,
  y: Int32Array,
  weights: Float64Array | null,
  K: number,
): ClassMoments {
  const { rows: n, cols: d, data } = X;
  const shift = n > 0 ? data.slice(0, d) : new Float64Array(d);
  const count = new Float64Array(K);
  const s1 = new Float64Array(K * d);
  const s2 = new Float64Array(K * d);
  for (let i = 0; i < n; i++) {
    const c = y[i] as number;
    const w = weights ? (weights[i] as number) : 1;
    count[c] = (count[c] as number) + w;
    const o = c * d;
    const r = i * d;
    for (let j = 0; j < d; j++) {
      const a = (data[r + j] as number) - (shift[j] as number);
      s1[o + j] = (s1[o + j] as number) + w * a;
      s2[o + j] = (s2[o + j] as number) + w * a * a;
    }
  }
  return momentsFromSums(count, s1, s2, shift);
}

/**
 * Class moments from per-class weighted counts (K) and shifted sums S1 = sum(w (x - s)) and
 * S2 = sum(w (x - s)^2) (K x d): mean = s + S1/W, var = max(0, (S2 - S1^2/W) / W).
 */
export function momentsFromSums(
  count: Float64Array,
  s1: ArrayLike<number>,
  s2: ArrayLike<number>,
  shift: Float64Array,
): ClassMoments {
  const K = count.length;
  const d = shift.length;
  const mean = new Float64Array(K * d);
  const variance = new Float64Array(K * d);
  for (let c = 0; c < K; c++) {
    const nc = count[c] as number;
    for (let j = 0; j < d; j++) {
      const o = c * d + j;
      const a = s1[o] as number;
      mean[o] = (shift[j] as number) + a / nc;
      variance[o] = Math.max(0, ((s2[o] as number) - (a * a) / nc) / nc);
    }
  }
  return { count, mean, variance };
}

/**
 * n x K: logConst[c] - 0.5 * sum_j (x_ij - theta_cj)^2 * invVar_cj. Four rows at a time: independent
 * sums per (theta, invVar) read hide the add latency; each row's sum is still accumulated in
 * feature order, so values are bitwise those of the one-row loop.
 */
export function jointLogLikelihood(
  X: DenseMatrix,
  theta: Float64Array,
  invVar: Float64Array,
  logConst: Float64Array,
): Float64Array {
  const { rows: n, cols: d, data } = X;
  const K = logConst.length;
  const out = new Float64Array(n * K);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = i * d;
    const r1 = r0 + d;
    const r2 = r1 + d;
    const r3 = r2 + d;
    const o0 = i * K;
    for (let c = 0, o = 0; c < K; c++, o += d) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < d; j++) {
        const t = theta[o + j] as number;
        const q = invVar[o + j] as number;
        const a0 = (data[r0 + j] as number) - t;
        const a1 = (data[r1 + j] as number) - t;
        const a2 = (data[r2 + j] as number) - t;
        const a3 = (data[r3 + j] as number) - t;
        s0 += a0 * a0 * q;
        s1 += a1 * a1 * q;
        s2 += a2 * a2 * q;
        s3 += a3 * a3 * q;
      }
      const l = logConst[c] as number;
      out[o0 + c] = l - 0.5 * s0;
      out[o0 + K + c] = l - 0.5 * s1;
      out[o0 + 2 * K + c] = l - 0.5 * s2;
      out[o0 + 3 * K + c] = l - 0.5 * s3;
    }
  }
  for (let r = i * d; i < n; i++, r += d) {
    for (let c = 0, o = 0; c < K; c++, o += d) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const a = (data[r + j] as number) - (theta[o + j] as number);
        s += a * a * (invVar[o + j] as number);
      }
      out[i * K + c] = (logConst[c] as number) - 0.5 * s;
    }
  }
  return out;
}

export const nbReference: NbKernels = { classMoments, jointLogLikelihood };
