/** Host-side (float64) class probabilities of a fitted linear model, used on the cpu device. */
import type { Matrix } from '../../core/matrix.js';

/** Probabilities (n x classes) for W (k x d), b (k) under the given output mode. */
export function linearProba(
  X: Matrix,
  W: Float64Array,
  b: Float64Array,
  k: number,
  mode: 'binary' | 'multinomial' | 'ovr',
): Matrix {
  const { rows: n, cols: d, data } = X;
  const nOut = mode === 'binary' ? 2 : k;
  const out = new Float64Array(n * nOut);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let zmax = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = b[c] as number;
      const wo = c * d;
      for (let j = 0; j < d; j++) s += (data[xo + j] as number) * (W[wo + j] as number);
      z[c] = s;
      if (s > zmax) zmax = s;
    }
    const o = i * nOut;
    if (mode === 'binary') {
      const p = sigmoid(z[0] as number);
      out[o] = 1 - p;
      out[o + 1] = p;
    } else if (mode === 'multinomial') {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = Math.exp((z[c] as number) - zmax);
        out[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < k; c++) out[o + c] = (out[o + c] as number) / sum;
    } else {
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const p = sigmoid(z[c] as number);
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
