/**
 * The Q matrix of the C-SVC dual, Q[i][j] = y_i y_j K(x_i, x_j), served row by row from an LRU cache
 * of Float32Array rows within a memory budget (libsvm's SVC_Q + Cache). Rows are computed lazily
 * and partially (only the active part while shrinking), and positions can be swapped as the
 * solver shrinks its active set. The kernel entries come from the device's PreparedKernelRows; a
 * row that the device answers later (a promise) is returned as a promise, and when the whole
 * matrix fits the cache, the first such row brings every row in batches (one transfer per batch).
 */
import type { MaybePromise } from '../../core/kernels/contract.js';
import type { PreparedKernelRows } from '../../core/kernels/svm.js';

/** What the SMO solver needs from Q. */
export interface QMatrix {
  /** Diagonal Q[i][i] in current position order. */
  readonly QD: Float64Array;
  /**
   * Row i restricted to positions [0, len) (now, or later from a device). The returned array stays
   * valid until the next call after the following one.
   */
  getQ(i: number, len: number): MaybePromise<Float32Array>;
  swapIndex(i: number, j: number): void;
}

/** Rows per kernelRows call when the whole matrix is brought from a device at once. */
const BATCH_ENTRIES = 1 << 22;

export class SvcQ implements QMatrix {
  private readonly l: number;
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
  private readonly one = new Int32Array(1);
  private stamp = 0;
  /** Set once a device answered with a promise and every row was brought in batches. */
  private prefetched = false;

  /**
   * `kernel` holds the problem's rows and labels in problem order (it is swapped along with the
   * positions); `QD` its diagonal. `symmetric`: Q(i, j) is bitwise Q(j, i), so entries already
   * cached in other rows are copied instead of recomputed (true for every feature kernel, not for a
   * user's Gram matrix).
   */
  constructor(
    private readonly kernel: PreparedKernelRows,
    readonly QD: Float64Array,
    cacheBytes: number,
    private readonly symmetric: boolean,
  ) {
    const l = QD.length;
    this.l = l;
    this.rows = new Array<Float32Array | null>(l).fill(null);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.mark = new Int32Array(l);
    this.todo = new Int32Array(l);
    this.maxRows = Math.max(2, Math.min(l, Math.floor(cacheBytes / (4 * Math.max(l, 1)))));
  }

  /** A Q over prepared kernel rows (QD from the device's float64 diagonal). */
  static async create(kernel: PreparedKernelRows, cacheBytes: number, symmetric: boolean): Promise<SvcQ> {
    const QD = Float64Array.from(await kernel.diagonal());
    return new SvcQ(kernel, QD, cacheBytes, symmetric);
  }

  getQ(i: number, len: number): MaybePromise<Float32Array> {
    const h = this.lens[i] as number;
    if (h > 0) this.lruDelete(i);
    let row = this.rows[i] as Float32Array | null;
    if (len > h) {
      if (!row) {
        row = this.allocate();
        this.rows[i] = row;
      }
      this.lens[i] = len;
      this.lruInsert(i);
      const filled = this.fill(i, row, h, len);
      if (filled !== undefined) {
        const r = row;
        return filled.then(() => (this.prefetched || this.maxRows < this.l ? r : this.prefetch(r)));
      }
      return row;
    }
    this.lruInsert(i);
    return row as Float32Array;
  }

  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const { rows, lens, QD } = this;
    this.kernel.swap(i, j);
    if (lens[i]) this.lruDelete(i);
    if (lens[j]) this.lruDelete(j);
    const tr = rows[i] as Float32Array | null;
    rows[i] = rows[j] as Float32Array | null;
    rows[j] = tr;
    const t = lens[i] as number;
    lens[i] = lens[j] as number;
    lens[j] = t;
    if (lens[i]) this.lruInsert(i);
    if (lens[j]) this.lruInsert(j);
    const td = QD[i] as number;
    QD[i] = QD[j] as number;
    QD[j] = td;
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

  /** Fills row[start..len) of position i; a promise when the device answers later. */
  private fill(i: number, row: Float32Array, start: number, len: number): MaybePromise<void> {
    const todo = this.todo;
    let m = 0;
    let reused = 0;
    const stamp = ++this.stamp;
    if (this.symmetric) {
      // Q is symmetric: take Q[i][h] = Q[h][i] from every cached row h that reaches position i
      // (bit-identical to recomputing it), and compute only the rest.
      const { rows, lens, next, mark } = this;
      const S = this.l;
      for (let h = next[S] as number; h !== S; h = next[h] as number) {
        if (h >= start && h < len && h !== i && (lens[h] as number) > i) {
          row[h] = (rows[h] as Float32Array)[i] as number;
          mark[h] = stamp;
          reused++;
        }
      }
    }
    if (reused === 0) for (let j = start; j < len; j++) todo[m++] = j;
    else for (let j = start; j < len; j++) if (this.mark[j] !== stamp) todo[m++] = j;
    if (m === 0) return;
    this.one[0] = i;
    // the kernel writes the entries straight into the cache row
    return this.kernel.kernelRows(this.one, todo.subarray(0, m), row, this.l);
  }

  /**
   * The whole Q fits the cache and the device answers asynchronously: bring every row in full, a
   * batch of rows per kernelRows call, so the solver waits on the device once per batch instead of
   * once per row.
   */
  private async prefetch<T>(result: T): Promise<T> {
    this.prefetched = true;
    const l = this.l;
    const all = Int32Array.from({ length: l }, (_, j) => j);
    const batch = Math.max(1, Math.floor(BATCH_ENTRIES / Math.max(l, 1)));
    const buf = new Float32Array(Math.min(batch, l) * l);
    for (let r0 = 0; r0 < l; r0 += batch) {
      const r1 = Math.min(l, r0 + batch);
      const want: number[] = [];
      for (let p = r0; p < r1; p++) if ((this.lens[p] as number) < l) want.push(p);
      if (want.length === 0) continue;
      const rowsIdx = Int32Array.from(want);
      const out = buf.subarray(0, want.length * l);
      await this.kernel.kernelRows(rowsIdx, all, out, l);
      for (let t = 0; t < want.length; t++) {
        const p = want[t] as number;
        if ((this.lens[p] as number) > 0) this.lruDelete(p);
        let row = this.rows[p] as Float32Array | null;
        if (!row) {
          row = this.allocate();
          this.rows[p] = row;
        }
        row.set(out.subarray(t * l, (t + 1) * l));
        this.lens[p] = l;
        this.lruInsert(p);
      }
    }
    return result;
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
