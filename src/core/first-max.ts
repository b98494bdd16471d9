/**
 * Per row of a rows x K row-major block, the index of its first maximum (ties go to the lowest
 * index; NaN never wins over a number seen before it): scikit-learn's argmax over class scores,
 * probabilities or leaf counts.
 */
export function firstMaxPerRow(values: ArrayLike<number>, rows: number, K: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0, o = 0; i < rows; i++, o += K) {
    let best = 0;
    let bv = values[o] as number;
    for (let k = 1; k < K; k++) {
      const v = values[o + k] as number;
      if (v > bv) {
        bv = v;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}
