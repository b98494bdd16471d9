/** Class probabilities of a fitted logistic model from its linear scores (float64, on the host). */
import type { Matrix } from '../../core/matrix.js';

/** Probabilities (n x classes) from the scores Z (n x k) under the given output mode. */
export function probaFromScores(
  Z: Float64Array,
  n: number,
  k: number,
  mode: 'binary' | 'multinomial' | 'ovr',
): Matrix {
  const nOut = mode === 'binary' ? 2 : k;
  const out = new Float64Array(n * nOut);
  for (let i = 0; i < n; i++) {
    const zo = i * k;
    let zmax = -Infinity;
    for (let c = 0; c < k; c++) if ((Z[zo + c] as number) > zmax) zmax = Z[zo + c] as number;
    const o = i * nOut;
    if (mode === 'binary') {
      const p = sigmoid(Z[zo] as number);
      out[o] = 1 - p;
      out[o + 1] = p;
    } else if (mode === 'multinomial') {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((Z[zo + c] as number) - zmax);
        out[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < k; c++) out[o + c] = (out[o + c] as number) / sum;
    } else {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const p = sigmoid(Z[zo + c] as number);
        out[o + c] = p;
        sum += p;
      }
      for (let c = 0; c < k; c++) out[o + c] = (out[o + c] as number) / sum;
    }
  }
  return { rows: n, cols: nOut, data: out };
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
