/**
 * The Q matrix of the C-SVC dual, Q[i][j] = y_i y_j K(x_i, x_j), served row by row from an LRU cache
 * of Float32Array rows within a memory budget (libsvm's SVC_Q + Cache). Rows are computed lazily
 * and partially (only the active part while shrinking), and positions can be swapped as the
 * solver shrinks its active set.
 */
import type { KernelSpec } from './kernel.js';

/** What the SMO solver needs from Q. */
export interface QMatrix {
  /** Diagonal Q[i][i] in current position order. */
  readonly QD: Float64Array;
  /** Row i restricted to positions [0, len). The returned array stays valid until the next call after the following one. */
  getQ(i: number, len: number): Float32Array;
  swapIndex(i: number, j: number): void;
}

/** Where kernel values come from: feature rows (with a kernel) or a dense Gram matrix. */
export type KernelSource =
  | { readonly kind: 'features'; readonly X: Float64Array; readonly d: number; readonly spec: KernelSpec }
  | { readonly kind: 'gram'; readonly K: Float32Array | Float64Array; readonly n: number };

export class SvcQ implements QMatrix {
  readonly QD: Float64Array;
  private readonly l: number;
  /** Position -> row index into the source (X rows or Gram rows). */
  private readonly perm: Int32Array;
  private readonly y: Int8Array;
  private readonly sq: Float64Array | null;
  /** Feature rows copied in position order (swapped with the positions, like libsvm's x pointers). */
  private readonly xp: Float64Array;
  private readonly d: number;
  // cache
  private readonly rows: (Float32Array | null)[];
  private readonly lens: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly pool: Float32Array[] = [];
  private readonly maxRows: number;
  private used = 0;
  /** Stamp per position: entries of the row being filled that were copied from cached rows. */
  private readonly mark: Int32Array;
  private readonly todo: Int32Array;
  private stamp = 0;

  constructor(
    private readonly src: KernelSource,
    index: Int32Array,
    y: Int8Array,
    cacheBytes: number,
  ) {
    const l = index.length;
    this.l = l;
    this.perm = Int32Array.from(index);
    this.y = Int8Array.from(y);
    if (src.kind === 'features') {
      const sq = new Float64Array(l);
      const { X, d } = src;
      const xp = new Float64Array(l * d);
      for (let p = 0; p < l; p++) {
        const o = (index[p] as number) * d;
        let s = 0;
        for (let k = 0; k < d; k++) {
          const v = X[o + k] as number;
          xp[p * d + k] = v;
          s += v * v;
        }
        sq[p] = s;
      }
      this.sq = sq;
      this.xp = xp;
      this.d = d;
    } else {
      this.sq = null;
      this.xp = new Float64Array(0);
      this.d = 0;
    }
    this.QD = new Float64Array(l);
    for (let p = 0; p < l; p++) this.QD[p] = this.kernel(p, p);
    this.rows = new Array<Float32Array | null>(l).fill(null);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.mark = new Int32Array(l);
    this.todo = new Int32Array(l);
    this.maxRows = Math.max(2, Math.min(l, Math.floor(cacheBytes / (4 * Math.max(l, 1)))));
  }

  /** K between the samples at positions i and j (double precision, as libsvm's kernel_function). */
  kernel(i: number, j: number): number {
    const src = this.src;
    const pi = this.perm[i] as number;
    const pj = this.perm[j] as number;
    if (src.kind === 'gram') return src.K[pi * src.n + pj] as number;
    const { spec } = src;
    const d = this.d;
    const dot = dotRows(this.xp, i * d, j * d, d);
    switch (spec.kernel) {
      case 'rbf':
        return Math.exp(
          -spec.gamma * ((this.sq as Float64Array)[i]! + (this.sq as Float64Array)[j]! - 2 * dot),
        );
      case 'poly': {
        let base = spec.gamma * dot + spec.coef0;
        let ret = 1;
        for (let t = spec.degree; t > 0; t = Math.floor(t / 2)) {
          if (t % 2 === 1) ret *= base;
          base *= base;
        }
        return ret;
      }
      case 'sigmoid':
        return Math.tanh(spec.gamma * dot + spec.coef0);
      default:
        return dot;
    }
  }

  getQ(i: number, len: number): Float32Array {
    const h = this.lens[i] as number;
    if (h > 0) this.lruDelete(i);
    let row = this.rows[i] as Float32Array | null;
    if (len > h) {
      if (!row) {
        row = this.allocate();
        this.rows[i] = row;
      }
      this.fill(i, row, h, len);
      this.lens[i] = len;
    }
    this.lruInsert(i);
    return row as Float32Array;
  }

  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const { rows, lens, perm, y, QD } = this;
    if (lens[i]) this.lruDelete(i);
    if (lens[j]) this.lruDelete(j);
    const tr = rows[i] as Float32Array | null;
    rows[i] = rows[j] as Float32Array | null;
    rows[j] = tr;
    let t = lens[i] as number;
    lens[i] = lens[j] as number;
    lens[j] = t;
    if (lens[i]) this.lruInsert(i);
    if (lens[j]) this.lruInsert(j);
    t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
    t = y[i] as number;
    y[i] = y[j] as number;
    y[j] = t;
    let td = QD[i] as number;
    QD[i] = QD[j] as number;
    QD[j] = td;
    if (this.sq) {
      td = this.sq[i] as number;
      this.sq[i] = this.sq[j] as number;
      this.sq[j] = td;
      const d = this.d;
      const xp = this.xp;
      for (let k = 0, a = i * d, b = j * d; k < d; k++, a++, b++) {
        td = xp[a] as number;
        xp[a] = xp[b] as number;
        xp[b] = td;
      }
    }
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const S = this.l;
    for (let h = this.next[S] as number; h !== S; ) {
      const nx = this.next[h] as number;
      const lh = lens[h] as number;
      if (lh > lo) {
        const row = rows[h] as Float32Array;
        if (lh > hi) {
          const v = row[lo] as number;
          row[lo] = row[hi] as number;
          row[hi] = v;
        } else {
          // the row does not reach the swapped position: drop it (libsvm "gives up" too)
          this.lruDelete(h);
          this.pool.push(row);
          rows[h] = null;
          lens[h] = 0;
          this.used--;
        }
      }
      h = nx;
    }
  }

  private allocate(): Float32Array {
    if (this.used >= this.maxRows) {
      const S = this.l;
      const old = this.next[S] as number;
      this.lruDelete(old);
      const row = this.rows[old] as Float32Array;
      this.rows[old] = null;
      this.lens[old] = 0;
      return row;
    }
    this.used++;
    return this.pool.pop() ?? new Float32Array(this.l);
  }

  private fill(i: number, row: Float32Array, start: number, len: number): void {
    const src = this.src;
    const { perm, y } = this;
    const yi = y[i] as number;
    const pi = perm[i] as number;
    if (src.kind === 'gram') {
      const { K, n } = src;
      const o = pi * n;
      for (let j = start; j < len; j++)
        row[j] = yi * (y[j] as number) * (K[o + (perm[j] as number)] as number);
      return;
    }
    const { spec } = src;
    const d = this.d;
    const xp = this.xp;
    const oi = i * d;
    if (spec.kernel === 'rbf') {
      const sq = this.sq as Float64Array;
      const g = -spec.gamma;
      const sqi = sq[i] as number;
      // Q is symmetric: take Q[i][h] = Q[h][i] from every cached row h that reaches position i
      // (bit-identical to recomputing it), and compute only the rest.
      const { rows, lens, next, mark } = this;
      const stamp = ++this.stamp;
      let reused = 0;
      const S = this.l;
      for (let h = next[S] as number; h !== S; h = next[h] as number) {
        if (h >= start && h < len && (lens[h] as number) > i) {
          row[h] = (rows[h] as Float32Array)[i] as number;
          mark[h] = stamp;
          reused++;
        }
      }
      // positions still to compute
      const todo = this.todo;
      let m = 0;
      if (reused === 0) for (let j = start; j < len; j++) todo[m++] = j;
      else for (let j = start; j < len; j++) if (mark[j] !== stamp) todo[m++] = j;
      rbfEntries(xp, d, oi, sq, sqi, g, y, yi, todo, m, row);
      return;
    }
    for (let j = start; j < len; j++) row[j] = yi * (y[j] as number) * this.kernel(i, j);
  }

  private lruDelete(h: number): void {
    const p = this.prev[h] as number;
    const n = this.next[h] as number;
    this.next[p] = n;
    this.prev[n] = p;
  }

  private lruInsert(h: number): void {
    const S = this.l;
    const last = this.prev[S] as number;
    this.next[h] = S;
    this.prev[h] = last;
    this.next[last] = h;
    this.prev[S] = h;
  }
}

/** Dot product of two rows of one array, summed left to right (as libsvm), unrolled by 4. */
function dotRows(x: Float64Array, a: number, b: number, d: number): number {
  let s = 0;
  let k = 0;
  const d4 = d - (d % 4);
  for (; k < d4; k += 4) {
    s += (x[a + k] as number) * (x[b + k] as number);
    s += (x[a + k + 1] as number) * (x[b + k + 1] as number);
    s += (x[a + k + 2] as number) * (x[b + k + 2] as number);
    s += (x[a + k + 3] as number) * (x[b + k + 3] as number);
  }
  for (; k < d; k++) s += (x[a + k] as number) * (x[b + k] as number);
  return s;
}

/**
 * Q[i][j] = y_i y_j exp(-gamma |x_i - x_j|^2) for the positions listed in todo[0..m), with
 * |x_i - x_j|^2 = |x_i|^2 + |x_j|^2 - 2 x_i.x_j as libsvm. Four independent dot products at a
 * time (each summed left to right, so bit-identical to libsvm's dot) break the add-latency chain.
 * A standalone function over plain arguments, so the JIT keeps everything in registers.
 */
function rbfEntries(
  xp: Float64Array,
  d: number,
  oi: number,
  sq: Float64Array,
  sqi: number,
  g: number,
  y: Int8Array,
  yi: number,
  todo: Int32Array,
  m: number,
  row: Float32Array,
): void {
  let t = 0;
  for (; t + 3 < m; t += 4) {
    const j0 = todo[t] as number;
    const j1 = todo[t + 1] as number;
    const j2 = todo[t + 2] as number;
    const j3 = todo[t + 3] as number;
    const o0 = j0 * d;
    const o1 = j1 * d;
    const o2 = j2 * d;
    const o3 = j3 * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < d; k++) {
      const v = xp[oi + k] as number;
      s0 += v * (xp[o0 + k] as number);
      s1 += v * (xp[o1 + k] as number);
      s2 += v * (xp[o2 + k] as number);
      s3 += v * (xp[o3 + k] as number);
    }
    row[j0] = yi * (y[j0] as number) * Math.exp(g * (sqi + (sq[j0] as number) - 2 * s0));
    row[j1] = yi * (y[j1] as number) * Math.exp(g * (sqi + (sq[j1] as number) - 2 * s1));
    row[j2] = yi * (y[j2] as number) * Math.exp(g * (sqi + (sq[j2] as number) - 2 * s2));
    row[j3] = yi * (y[j3] as number) * Math.exp(g * (sqi + (sq[j3] as number) - 2 * s3));
  }
  for (; t < m; t++) {
    const j = todo[t] as number;
    const dot = dotRows(xp, oi, j * d, d);
    row[j] = yi * (y[j] as number) * Math.exp(g * (sqi + (sq[j] as number) - 2 * dot));
  }
}
