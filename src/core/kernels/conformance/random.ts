/** Seeded inputs for kernel conformance cases (the same numbers on every run and device). */
import type { Rng } from '../../rng.js';
import type { DenseMatrix } from '../contract.js';

/** n values: normal(0, 1) * scale + offset. */
export function normals(rng: Rng, n: number, scale = 1, offset = 0): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal() * scale + offset);
}

/** n values uniform in [lo, hi). */
export function uniforms(rng: Rng, n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
}

/** n integers uniform in [lo, hi] (as float64: exact in float32 too, so ties stay ties). */
export function integers(rng: Rng, n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, () => lo + rng.int(hi - lo + 1));
}

/** n labels in [0, K), every label present when n >= K. */
export function labels(rng: Rng, n: number, K: number): Int32Array {
  const y = Int32Array.from({ length: n }, () => rng.int(K));
  for (let c = 0; c < Math.min(n, K); c++) y[c] = c;
  return y;
}

export function matrix(rows: number, cols: number, data: Float64Array): DenseMatrix {
  return { rows, cols, data };
}
