/**
 * The data part of the primal Newton Hessian, A = sum_{i active} C_i x_i x_i' (lower triangle of a
 * D x D row-major matrix), kept up to date as the active set (margin < 1) changes between Newton
 * iterations. Each update takes the cheapest of three routes, all giving the same matrix up to
 * rounding: add the newly active rows and subtract the newly inactive ones from the previous A
 * ('incremental'), subtract the inactive rows from the all-rows Gram ('complement'), or sum the
 * active rows afresh ('scratch'). After `maxIncremental` incremental updates in a row the next one
 * is a fresh route, which bounds the rounding drift.
 */

export type HessianRoute = 'incremental' | 'complement' | 'scratch';

/**
 * A += sign * sum_{t < count} C_{rows[t]} x x' over the listed rows (lower triangle only). Tiles
 * of four rows by two rows of A: each entry of A is loaded and stored once per four products, and
 * each x_b is loaded once for two entries.
 *
 * With `bias` given, X holds n x (D - 1) and x's last entry is the constant `bias` (the intercept
 * feature, not stored); the products and their order are those of the stored D-column matrix.
 */
export function addWeightedOuter(
  A: Float64Array,
  X: Float64Array,
  D: number,
  C: Float64Array,
  rows: Int32Array,
  count: number,
  sign: 1 | -1,
  bias?: number,
): void {
  const hasBias = bias !== undefined;
  const e = bias ?? 0;
  const p = hasBias ? D - 1 : D; // stored columns
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    const i0 = rows[t] as number;
    const i1 = rows[t + 1] as number;
    const i2 = rows[t + 2] as number;
    const i3 = rows[t + 3] as number;
    const o0 = i0 * p;
    const o1 = i1 * p;
    const o2 = i2 * p;
    const o3 = i3 * p;
    const c0 = sign * (C[i0] as number);
    const c1 = sign * (C[i1] as number);
    const c2 = sign * (C[i2] as number);
    const c3 = sign * (C[i3] as number);
    let a = 0;
    for (; a + 2 <= p; a += 2) {
      const u0 = c0 * (X[o0 + a] as number);
      const u1 = c1 * (X[o1 + a] as number);
      const u2 = c2 * (X[o2 + a] as number);
      const u3 = c3 * (X[o3 + a] as number);
      const v0 = c0 * (X[o0 + a + 1] as number);
      const v1 = c1 * (X[o1 + a + 1] as number);
      const v2 = c2 * (X[o2 + a + 1] as number);
      const v3 = c3 * (X[o3 + a + 1] as number);
      const ro = a * D;
      const rp = ro + D;
      for (let b = 0; b <= a; b++) {
        const x0 = X[o0 + b] as number;
        const x1 = X[o1 + b] as number;
        const x2 = X[o2 + b] as number;
        const x3 = X[o3 + b] as number;
        A[ro + b] = (A[ro + b] as number) + u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3;
        A[rp + b] = (A[rp + b] as number) + v0 * x0 + v1 * x1 + v2 * x2 + v3 * x3;
      }
      const b = a + 1;
      A[rp + b] =
        (A[rp + b] as number) +
        v0 * (X[o0 + b] as number) +
        v1 * (X[o1 + b] as number) +
        v2 * (X[o2 + b] as number) +
        v3 * (X[o3 + b] as number);
    }
    if (hasBias && a < p) {
      // rows p - 1 and p (the bias) of A as one pair, as in the stored matrix
      const u0 = c0 * (X[o0 + a] as number);
      const u1 = c1 * (X[o1 + a] as number);
      const u2 = c2 * (X[o2 + a] as number);
      const u3 = c3 * (X[o3 + a] as number);
      const v0 = c0 * e;
      const v1 = c1 * e;
      const v2 = c2 * e;
      const v3 = c3 * e;
      const ro = a * D;
      const rp = ro + D;
      for (let b = 0; b <= a; b++) {
        const x0 = X[o0 + b] as number;
        const x1 = X[o1 + b] as number;
        const x2 = X[o2 + b] as number;
        const x3 = X[o3 + b] as number;
        A[ro + b] = (A[ro + b] as number) + u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3;
        A[rp + b] = (A[rp + b] as number) + v0 * x0 + v1 * x1 + v2 * x2 + v3 * x3;
      }
      A[rp + p] = (A[rp + p] as number) + v0 * e + v1 * e + v2 * e + v3 * e;
    } else if (hasBias) {
      // the bias row of A alone
      const u0 = c0 * e;
      const u1 = c1 * e;
      const u2 = c2 * e;
      const u3 = c3 * e;
      const ro = p * D;
      for (let b = 0; b < p; b++) {
        A[ro + b] =
          (A[ro + b] as number) +
          u0 * (X[o0 + b] as number) +
          u1 * (X[o1 + b] as number) +
          u2 * (X[o2 + b] as number) +
          u3 * (X[o3 + b] as number);
      }
      A[ro + p] = (A[ro + p] as number) + u0 * e + u1 * e + u2 * e + u3 * e;
    } else if (a < D) {
      const u0 = c0 * (X[o0 + a] as number);
      const u1 = c1 * (X[o1 + a] as number);
      const u2 = c2 * (X[o2 + a] as number);
      const u3 = c3 * (X[o3 + a] as number);
      const ro = a * D;
      for (let b = 0; b <= a; b++) {
        A[ro + b] =
          (A[ro + b] as number) +
          u0 * (X[o0 + b] as number) +
          u1 * (X[o1 + b] as number) +
          u2 * (X[o2 + b] as number) +
          u3 * (X[o3 + b] as number);
      }
    }
  }
  for (; t < count; t++) {
    const i = rows[t] as number;
    const o = i * p;
    const c = sign * (C[i] as number);
    for (let a = 0; a < p; a++) {
      const v = c * (X[o + a] as number);
      const ro = a * D;
      for (let b = 0; b <= a; b++) A[ro + b] = (A[ro + b] as number) + v * (X[o + b] as number);
    }
    if (hasBias) {
      const v = c * e;
      const ro = p * D;
      for (let b = 0; b < p; b++) A[ro + b] = (A[ro + b] as number) + v * (X[o + b] as number);
      A[ro + p] = (A[ro + p] as number) + v * e;
    }
  }
}

/**
 * Lower triangle of sum_i C_i x_i x_i' over all n rows (rows with C_i = 0 skipped); `bias` as in
 * addWeightedOuter.
 */
export function weightedGram(
  X: Float64Array,
  n: number,
  D: number,
  C: Float64Array,
  bias?: number,
): Float64Array {
  const rows = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if ((C[i] as number) !== 0) rows[m++] = i;
  const G = new Float64Array(D * D);
  addWeightedOuter(G, X, D, C, rows, m, 1, bias);
  return G;
}

export class ActiveSetHessian {
  /** Lower triangle of sum_{i active} C_i x_i x_i' (row-major D x D). */
  readonly A: Float64Array;
  private readonly gram: Float64Array;
  private readonly flag: Uint8Array;
  private readonly plus: Int32Array;
  private readonly minus: Int32Array;
  private sinceFresh = 0;

  /**
   * Starts with every row (C_i > 0) active, A = the all-rows Gram. `gram` may be passed when
   * already known for this X and C (it is not modified). `bias` as in addWeightedOuter.
   */
  constructor(
    private readonly X: Float64Array,
    private readonly n: number,
    private readonly D: number,
    private readonly C: Float64Array,
    gram?: Float64Array,
    private readonly maxIncremental = 8,
    private readonly bias?: number,
  ) {
    this.gram = gram ?? weightedGram(X, n, D, C, bias);
    this.A = Float64Array.from(this.gram);
    this.flag = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.flag[i] = (C[i] as number) !== 0 ? 1 : 0;
    this.plus = new Int32Array(n);
    this.minus = new Int32Array(n);
  }

  /** Brings A to the active set active[0..na) (ascending row indices); returns the route taken. */
  update(active: Int32Array, na: number): HessianRoute {
    const { X, n, D, C, flag, plus, minus, A, bias } = this;
    let nPlus = 0;
    let nMinus = 0;
    let nOn = 0;
    let nOff = 0; // rows with C_i > 0 that are inactive
    let t = 0;
    for (let i = 0; i < n; i++) {
      let f = 0;
      if (t < na && active[t] === i) {
        t++;
        f = 1;
      }
      if ((C[i] as number) === 0) continue; // never counted (flag stays 0)
      if (f !== flag[i]) {
        flag[i] = f;
        if (f === 1) plus[nPlus++] = i;
        else minus[nMinus++] = i;
      }
      if (f === 1) nOn++;
      else nOff++;
    }
    const incremental = this.sinceFresh < this.maxIncremental && nPlus + nMinus <= Math.min(nOn, nOff);
    if (incremental) {
      if (nPlus + nMinus > 0) {
        addWeightedOuter(A, X, D, C, plus, nPlus, 1, bias);
        addWeightedOuter(A, X, D, C, minus, nMinus, -1, bias);
        this.sinceFresh++;
      }
      return 'incremental';
    }
    this.sinceFresh = 0;
    // the row lists are free again: reuse `plus` for the rows to sum
    if (nOff <= nOn) {
      A.set(this.gram);
      let m = 0;
      for (let i = 0; i < n; i++) if (flag[i] === 0 && (C[i] as number) !== 0) plus[m++] = i;
      addWeightedOuter(A, X, D, C, plus, m, -1, bias);
      return 'complement';
    }
    A.fill(0);
    let m = 0;
    for (let i = 0; i < n; i++) if (flag[i] === 1) plus[m++] = i;
    addWeightedOuter(A, X, D, C, plus, m, 1, bias);
    return 'scratch';
  }
}
