/**
 * The decision rule of a fitted linear classifier on the host, without allocating scores: for each
 * row the argmax over classes of `x . W[c] + b[c]` (first maximum wins), or, with a single score
 * row (binary), class 1 when the score is > 0. This is what scikit-learn's predict does
 * (`decision_function` then argmax / `> 0`), and it equals the argmax of any probability that is a
 * monotone function of the scores (softmax, normalized sigmoids).
 *
 * Rows go four at a time: four independent sums per weight read (each one still added left to
 * right, so every score is bitwise the one-row loop's) hide the floating-point add latency.
 */
import { assertFinite, type Matrix } from '../core/matrix.js';

function f64(a: ArrayLike<number>): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/**
 * Predicted class index per row for W (k x d, row-major) and b (k). With `checkX`, throws
 * assertFinite's DataError when X holds a NaN or an infinity: with finite weights such a cell makes
 * every score of its row non-finite (inf x 0 is NaN), so X is only scanned when a score is.
 */
export function linearArgmax(
  X: Matrix,
  W: ArrayLike<number>,
  b: ArrayLike<number>,
  k: number,
  checkX = false,
): Int32Array {
  const n = X.rows;
  const out = new Int32Array(n);
  if (k === 1) {
    const s = linearScores(X, W, b, 1);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const v = s[i] as number;
      acc += v - v;
      out[i] = v > 0 ? 1 : 0;
    }
    if (checkX && acc !== 0) assertFinite(X, 'X');
    return out;
  }
  // v - v is 0 for a finite score, NaN otherwise
  let acc = 0;
  const { cols: d, data: x } = X;
  const w = f64(W);
  const bb = f64(b);
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
      acc += s0 - s0 + (s1 - s1) + (s2 - s2) + (s3 - s3) + (t0 - t0) + (t1 - t1) + (t2 - t2) + (t3 - t3);
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
    out[i] = c0;
    out[i + 1] = c1;
    out[i + 2] = c2;
    out[i + 3] = c3;
  }
  for (; i < n; i++) {
    const xo = i * d;
    let best = 0;
    let bv = -Infinity;
    for (let c = 0, wo = 0; c < k; c++, wo += d) {
      let s = bb[c] as number;
      for (let j = 0; j < d; j++) s += (x[xo + j] as number) * (w[wo + j] as number);
      acc += s - s;
      if (s > bv) {
        bv = s;
        best = c;
      }
    }
    out[i] = best;
  }
  if (checkX && acc !== 0) assertFinite(X, 'X');
  return out;
}

/** Scores `x . W[c] + b[c]` (n x k, row-major) for W (k x d) and b (k). */
export function linearScores(X: Matrix, W: ArrayLike<number>, b: ArrayLike<number>, k: number): Float64Array {
  const { rows: n, cols: d, data: x } = X;
  const w = f64(W);
  const bb = f64(b);
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
