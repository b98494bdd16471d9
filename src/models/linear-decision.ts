/**
 * The decision rule of a fitted linear classifier on the host, in one pass without allocating
 * scores: for each row the argmax over classes of `x . W[c] + b[c]` (first maximum wins), or, with a
 * single score row (binary), class 1 when the score is > 0. This is what scikit-learn's predict does
 * (`decision_function` then argmax / `> 0`), and it equals the argmax of any probability that is a
 * monotone function of the scores (softmax, normalized sigmoids).
 */
import type { Matrix } from '../core/matrix.js';

/** Predicted class index per row for W (k x d, row-major) and b (k). */
export function linearArgmax(X: Matrix, W: ArrayLike<number>, b: ArrayLike<number>, k: number): Int32Array {
  const { rows: n, cols: d, data: x } = X;
  const w = W instanceof Float64Array ? W : Float64Array.from(W);
  const out = new Int32Array(n);
  if (k === 1) {
    const b0 = b[0] as number;
    for (let i = 0, xo = 0; i < n; i++, xo += d) {
      let s = b0;
      for (let j = 0; j < d; j++) s += (x[xo + j] as number) * (w[j] as number);
      out[i] = s > 0 ? 1 : 0;
    }
    return out;
  }
  const bb = b instanceof Float64Array ? b : Float64Array.from(b);
  for (let i = 0, xo = 0; i < n; i++, xo += d) {
    let best = 0;
    let bv = -Infinity;
    for (let c = 0, wo = 0; c < k; c++, wo += d) {
      let s = bb[c] as number;
      for (let j = 0; j < d; j++) s += (x[xo + j] as number) * (w[wo + j] as number);
      if (s > bv) {
        bv = s;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
