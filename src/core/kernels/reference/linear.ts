/**
 * Float64 reference of the linear kernels: scores X Wᵀ + b, their row argmax, and the fused
 * cross-entropy (linear-loss.ts), split over the cross-entropy worker pool for big problems.
 *
 * Scores and argmax go four rows at a time: four independent sums per weight read (each one still
 * added left to right, so every score is bitwise the one-row loop's) hide the floating-point add
 * latency. The argmax allocates no scores: per row, the index of the largest `x . W[c] + b[c]` (first
 * maximum wins), or, with a single score row (binary), class 1 when the score is > 0 -- what
 * scikit-learn's predict does, and the argmax of any monotone function of the scores (softmax,
 * normalized sigmoids). A row with a non-finite score gets -1.
 */
import { crossEntropyParallel, releaseParallel } from '../../../losses/cross-entropy-pool.js';
import type { DenseMatrix } from '../contract.js';
import type { LinearFunctions, LinearKernels, LinearLossProblem, PreparedLinearLoss } from '../linear.js';
import { type CeProblem, crossEntropySum } from './linear-loss.js';

/** Predicted class index per row (-1 where a score is not finite). */
export function linearArgmax(X: DenseMatrix, f: LinearFunctions): Int32Array {
  const { k } = f;
  const n = X.rows;
  const out = new Int32Array(n);
  if (k === 1) {
    const s = linearScores(X, f);
    for (let i = 0; i < n; i++) {
      const v = s[i] as number;
      out[i] = v - v === 0 ? (v > 0 ? 1 : 0) : -1;
    }
    return out;
  }
  // per row, e = sum of (s - s) over its scores: 0 when every score is finite, NaN otherwise
  const { cols: d, data: x } = X;
  const { W: w, b: bb } = f;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = i * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    let v0 = -Infinity;
    let v1 = -Infinity;
    let v2 = -Infinity;
    let v3 = -Infinity;
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    let e0 = 0;
    let e1 = 0;
    let e2 = 0;
    let e3 = 0;
    let c = 0;
    // two classes per pass: each x read feeds eight independent sums
    for (; c + 1 < k; c += 2) {
      const wo = c * d;
      const wp = wo + d;
      const bc = bb[c] as number;
      const bd = bb[c + 1] as number;
      let s0 = bc;
      let s1 = bc;
      let s2 = bc;
      let s3 = bc;
      let t0 = bd;
      let t1 = bd;
      let t2 = bd;
      let t3 = bd;
      for (let j = 0; j < d; j++) {
        const wj = w[wo + j] as number;
        const uj = w[wp + j] as number;
        const a0 = x[x0 + j] as number;
        const a1 = x[x1 + j] as number;
        const a2 = x[x2 + j] as number;
        const a3 = x[x3 + j] as number;
        s0 += a0 * wj;
        s1 += a1 * wj;
        s2 += a2 * wj;
        s3 += a3 * wj;
        t0 += a0 * uj;
        t1 += a1 * uj;
        t2 += a2 * uj;
        t3 += a3 * uj;
      }
      e0 += s0 - s0 + (t0 - t0);
      e1 += s1 - s1 + (t1 - t1);
      e2 += s2 - s2 + (t2 - t2);
      e3 += s3 - s3 + (t3 - t3);
      // class c before class c + 1: the first maximum still wins
      if (s0 > v0) {
        v0 = s0;
        c0 = c;
      }
      if (t0 > v0) {
        v0 = t0;
        c0 = c + 1;
      }
      if (s1 > v1) {
        v1 = s1;
        c1 = c;
      }
      if (t1 > v1) {
        v1 = t1;
        c1 = c + 1;
      }
      if (s2 > v2) {
        v2 = s2;
        c2 = c;
      }
      if (t2 > v2) {
        v2 = t2;
        c2 = c + 1;
      }
      if (s3 > v3) {
        v3 = s3;
        c3 = c;
      }
      if (t3 > v3) {
        v3 = t3;
        c3 = c + 1;
      }
    }
    for (let wo = c * d; c < k; c++, wo += d) {
      const bc = bb[c] as number;
      let s0 = bc;
      let s1 = bc;
      let s2 = bc;
      let s3 = bc;
      for (let j = 0; j < d; j++) {
        const wj = w[wo + j] as number;
        s0 += (x[x0 + j] as number) * wj;
        s1 += (x[x1 + j] as number) * wj;
        s2 += (x[x2 + j] as number) * wj;
        s3 += (x[x3 + j] as number) * wj;
      }
      e0 += s0 - s0;
      e1 += s1 - s1;
      e2 += s2 - s2;
      e3 += s3 - s3;
      if (s0 > v0) {
        v0 = s0;
        c0 = c;
      }
      if (s1 > v1) {
        v1 = s1;
        c1 = c;
      }
      if (s2 > v2) {
        v2 = s2;
        c2 = c;
      }
      if (s3 > v3) {
        v3 = s3;
        c3 = c;
      }
    }
    out[i] = e0 === 0 ? c0 : -1;
    out[i + 1] = e1 === 0 ? c1 : -1;
    out[i + 2] = e2 === 0 ? c2 : -1;
    out[i + 3] = e3 === 0 ? c3 : -1;
  }
  for (; i < n; i++) {
    const xo = i * d;
    let best = 0;
    let bv = -Infinity;
    let e = 0;
    for (let c = 0, wo = 0; c < k; c++, wo += d) {
      let s = bb[c] as number;
      for (let j = 0; j < d; j++) s += (x[xo + j] as number) * (w[wo + j] as number);
      e += s - s;
      if (s > bv) {
        bv = s;
        best = c;
      }
    }
    out[i] = e === 0 ? best : -1;
  }
  return out;
}

/** Scores `x . W[c] + b[c]` (n x k, row-major) for W (k x d) and b (k). */
export function linearScores(X: DenseMatrix, f: LinearFunctions): Float64Array {
  const { rows: n, cols: d, data: x } = X;
  const { W: w, b: bb, k } = f;
  const out = new Float64Array(n * k);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = i * d;
    const x1 = x0 + d;
    const x2 = x1 + d;
    const x3 = x2 + d;
    const o = i * k;
    for (let c = 0, wo = 0; c < k; c++, wo += d) {
      const bc = bb[c] as number;
      let s0 = bc;
      let s1 = bc;
      let s2 = bc;
      let s3 = bc;
      for (let j = 0; j < d; j++) {
        const wj = w[wo + j] as number;
        s0 += (x[x0 + j] as number) * wj;
        s1 += (x[x1 + j] as number) * wj;
        s2 += (x[x2 + j] as number) * wj;
        s3 += (x[x3 + j] as number) * wj;
      }
      out[o + c] = s0;
      out[o + k + c] = s1;
      out[o + 2 * k + c] = s2;
      out[o + 3 * k + c] = s3;
    }
  }
  for (; i < n; i++) {
    const xo = i * d;
    for (let c = 0, wo = 0; c < k; c++, wo += d) {
      let s = bb[c] as number;
      for (let j = 0; j < d; j++) s += (x[xo + j] as number) * (w[wo + j] as number);
      out[i * k + c] = s;
    }
  }
  return out;
}

/**
 * linearArgmax's rule on given scores (n x k): first maximum, score > 0 for k = 1, -1 for a row with
 * a non-finite score. For devices that compute the scores and pick on the host.
 */
export function argmaxScores(s: ArrayLike<number>, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0, o = 0; i < n; i++, o += k) {
    let best = 0;
    let bv = -Infinity;
    let e = 0;
    for (let c = 0; c < k; c++) {
      const v = s[o + c] as number;
      e += v - v;
      if (v > bv) {
        bv = v;
        best = c;
      }
    }
    out[i] = e !== 0 ? -1 : k === 1 ? (bv > 0 ? 1 : 0) : best;
  }
  return out;
}

/**
 * The cross-entropy problem prepared once per fit: X is used in place (no copy); with threads > 1
 * the rows are split over the worker pool (X copied once into shared memory when a worker is ready).
 */
export function prepareLinearLoss(p: LinearLossProblem): PreparedLinearLoss {
  const ce: CeProblem = {
    X: p.X.data,
    n: p.X.rows,
    d: p.X.cols,
    y: p.y,
    k: p.k,
    fitIntercept: p.fitIntercept,
    sampleWeight: p.sampleWeight ?? undefined,
  };
  const threads = p.threads ?? 1;
  return {
    valueAndGrad: (w, grad) =>
      threads > 1 ? crossEntropyParallel(ce, w, grad, threads) : crossEntropySum(ce, w, grad),
    dispose: () => releaseParallel(ce),
  };
}

export const linearReference: LinearKernels = { linearScores, linearArgmax, prepareLinearLoss };
