/**
 * Pure typed-array kernels of the `cpu` backend: row-major Float64Array in, Float64Array out, no
 * tensor wrappers. Other code (and other backends, as a fallback) may call them directly.
 */

/** Row-major transpose of a `rows x cols` matrix into a new (or the given) `cols x rows` array. */
export function transposeImpl(a: Float64Array, rows: number, cols: number, out?: Float64Array): Float64Array {
  const o = out ?? new Float64Array(rows * cols);
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) {
        const r = i * cols;
        for (let j = j0; j < j1; j++) o[j * rows + i] = a[r + j] as number;
      }
    }
  }
  return o;
}

/** Column block (rows of Bt) and depth block of matmulNTImpl, tuned on a 16-core x86-64 server (V8). */
const JB = 128;
const KC = 512;

/**
 * C (m x n) = A (m x k) · Btᵀ where `bt` holds B transposed (n x k, row-major): every inner product
 * reads two contiguous rows. Register-blocked 2 rows of A x 4 rows of Bt; blocked over columns
 * (JB rows of Bt) and depth (KC) so the Bt block stays in cache while every row pair of A streams past.
 */
export function matmulNTImpl(
  a: Float64Array,
  bt: Float64Array,
  m: number,
  n: number,
  k: number,
  out?: Float64Array,
): Float64Array {
  const C = out ? out.fill(0) : new Float64Array(m * n);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const p1 = Math.min(k, p0 + KC);
    for (let j0 = 0; j0 < n; j0 += JB) {
      const j1 = Math.min(n, j0 + JB);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const a0 = i * k;
        const a1 = a0 + k;
        const c0 = i * n;
        const c1 = c0 + n;
        let j = j0;
        for (; j + 3 < j1; j += 4) {
          const b0 = j * k;
          const b1 = b0 + k;
          const b2 = b1 + k;
          const b3 = b2 + k;
          let s00 = 0;
          let s01 = 0;
          let s02 = 0;
          let s03 = 0;
          let s10 = 0;
          let s11 = 0;
          let s12 = 0;
          let s13 = 0;
          for (let p = p0; p < p1; p++) {
            const x0 = a[a0 + p] as number;
            const x1 = a[a1 + p] as number;
            const y0 = bt[b0 + p] as number;
            const y1 = bt[b1 + p] as number;
            const y2 = bt[b2 + p] as number;
            const y3 = bt[b3 + p] as number;
            s00 += x0 * y0;
            s01 += x0 * y1;
            s02 += x0 * y2;
            s03 += x0 * y3;
            s10 += x1 * y0;
            s11 += x1 * y1;
            s12 += x1 * y2;
            s13 += x1 * y3;
          }
          C[c0 + j] = (C[c0 + j] as number) + s00;
          C[c0 + j + 1] = (C[c0 + j + 1] as number) + s01;
          C[c0 + j + 2] = (C[c0 + j + 2] as number) + s02;
          C[c0 + j + 3] = (C[c0 + j + 3] as number) + s03;
          C[c1 + j] = (C[c1 + j] as number) + s10;
          C[c1 + j + 1] = (C[c1 + j + 1] as number) + s11;
          C[c1 + j + 2] = (C[c1 + j + 2] as number) + s12;
          C[c1 + j + 3] = (C[c1 + j + 3] as number) + s13;
        }
        for (; j < j1; j++) {
          const b0 = j * k;
          let s0 = 0;
          let s1 = 0;
          for (let p = p0; p < p1; p++) {
            const y = bt[b0 + p] as number;
            s0 += (a[a0 + p] as number) * y;
            s1 += (a[a1 + p] as number) * y;
          }
          C[c0 + j] = (C[c0 + j] as number) + s0;
          C[c1 + j] = (C[c1 + j] as number) + s1;
        }
      }
      for (; i < m; i++) {
        const a0 = i * k;
        for (let j = j0; j < j1; j++) {
          const b0 = j * k;
          let s = 0;
          for (let p = p0; p < p1; p++) s += (a[a0 + p] as number) * (bt[b0 + p] as number);
          C[i * n + j] = (C[i * n + j] as number) + s;
        }
      }
    }
  }
  return C;
}

/**
 * General matmul on row-major arrays. `aRows x aCols` and `bRows x bCols` are the stored shapes;
 * `transposeA` / `transposeB` use their transposes. Returns the m x n product.
 */
export function matmulImpl(
  a: Float64Array,
  aRows: number,
  aCols: number,
  b: Float64Array,
  bRows: number,
  bCols: number,
  transposeA = false,
  transposeB = false,
  out?: Float64Array,
): Float64Array {
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  const aa = transposeA ? transposeImpl(a, aRows, aCols) : a;
  // Bt (n x k): B itself when transposeB, otherwise one O(k n) copy (cheap next to the O(m k n) product).
  const bt = transposeB ? b : n === 1 ? b : transposeImpl(b, bRows, bCols);
  return matmulNTImpl(aa, bt, m, n, k, out);
}

/** Squared Euclidean norm of each row of an `rows x cols` matrix. */
export function rowSqNormsImpl(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = a[o + j] as number;
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

/**
 * D[i,j] = ||a_i - b_j||² for a (n x d) and b (m x d), computed as ||a_i||² + ||b_j||² - 2 a_i·b_j
 * (one matmul) and clamped at 0.
 */
export function sqDistancesImpl(
  a: Float64Array,
  n: number,
  b: Float64Array,
  m: number,
  d: number,
  out?: Float64Array,
): Float64Array {
  const D = matmulNTImpl(a, b, n, m, d, out);
  const na = rowSqNormsImpl(a, n, d);
  const nb = rowSqNormsImpl(b, m, d);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    const ai = na[i] as number;
    for (let j = 0; j < m; j++) {
      const v = ai + (nb[j] as number) - 2 * (D[o + j] as number);
      D[o + j] = Math.max(v, 0);
    }
  }
  return D;
}

/** K[i,j] = exp(-gamma ||a_i - b_j||²) for a (n x d) and b (m x d). */
export function rbfKernelImpl(
  a: Float64Array,
  n: number,
  b: Float64Array,
  m: number,
  d: number,
  gamma: number,
  out?: Float64Array,
): Float64Array {
  const K = sqDistancesImpl(a, n, b, m, d, out);
  const g = -gamma;
  for (let t = 0; t < K.length; t++) K[t] = Math.exp(g * (K[t] as number));
  return K;
}

/** Softmax of each row (`rows x cols`), max-shifted for stability. */
export function softmaxRowsImpl(
  a: Float64Array,
  rows: number,
  cols: number,
  out?: Float64Array,
): Float64Array {
  const o = out ?? new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    let mx = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if ((a[r + j] as number) > mx) mx = a[r + j] as number;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp((a[r + j] as number) - mx);
      o[r + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) o[r + j] = (o[r + j] as number) * inv;
  }
  return o;
}
