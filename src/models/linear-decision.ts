/**
 * The decision rule of a fitted linear classifier, on the model's device kernels: per row the
 * argmax over classes of `x . W[c] + b[c]` (first maximum wins), or, with a single score row
 * (binary), class 1 when the score is > 0 -- scikit-learn's predict (`decision_function` then
 * argmax / `> 0`), and the argmax of any probability that is a monotone function of the scores.
 */
import type { Kernels, LinearFunctions } from '../core/kernels/index.js';
import { assertFinite, type Matrix } from '../core/matrix.js';

/**
 * Predicted class index per row. Throws assertFinite's DataError when X holds a NaN or an
 * infinity; X is only scanned when the kernel reports a non-finite score (which such a cell always
 * makes). Scores that overflow from a finite X still get an answer: the first maximum of the
 * scores, NaN never winning.
 */
export async function linearPredict(kernels: Kernels, X: Matrix, f: LinearFunctions): Promise<Int32Array> {
  const idx = await kernels.linearArgmax(X, f);
  // (a native search: no JS loop over the rows, which is slow until the JIT has optimized it)
  if (!idx.includes(-1)) return idx;
  assertFinite(X, 'X');
  const s = await kernels.linearScores(X, f);
  const { k } = f;
  for (let i = 0; i < idx.length; i++) {
    if ((idx[i] as number) >= 0) continue;
    let best = 0;
    for (let c = 1; c < k; c++) if ((s[i * k + c] as number) > (s[i * k + best] as number)) best = c;
    idx[i] = k === 1 ? ((s[i] as number) > 0 ? 1 : 0) : best;
  }
  return idx;
}
