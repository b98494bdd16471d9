/**
 * The Q matrix of the C-SVC dual, Q[i][j] = y_i y_j K(x_i, x_j), served row by row from an LRU cache
 * of Float32Array rows within a memory budget (libsvm's SVC_Q + Cache). Rows are computed lazily
 * and partially (only the active part while shrinking), and positions can be swapped as the
 * solver shrinks its active set. The kernel entries come from the device's PreparedKernelRows; a
 * row that the device answers later (a promise) is returned as a promise, and when the whole
 * matrix fits the cache, the first such row brings every row in batches (one transfer per batch).
 * As in libsvm, a missing entry is always computed: copying Q[h][i] from another cached row h (the
 * symmetry) costs a cache miss per entry, more than the kernel value itself.
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
/** Cache entries per allocation (16 MB). */
const CHUNK_ENTRIES = 1 << 22;

export class SvcQ implements QMatrix {
  private readonly l: number;
  // cache: slot s holds its row in chunk s / perChunk, from (s % perChunk) * l (views[s]); slotOf[i] = -1
  // when row i is not cached. A few large chunks, allocated as the cache fills, instead of a row each.
  private readonly chunks: Float32Array[] = [];
  private readonly perChunk: number;
  private readonly views: Float32Array[] = [];
  private readonly slotOf: Int32Array;
  private readonly lens: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Slots given back by rows dropped on swaps, reused before new ones. */
  private readonly free: Int32Array;
  private nFree = 0;
  private readonly maxRows: number;
  private used = 0;
  /** 0..l-1: the columns of a row, passed to the kernel as subarrays. */
  private readonly all: Int32Array;
  private readonly one = new Int32Array(1);
  /**
   * Swaps whose entries the cached rows have not taken yet (lo, hi pairs in order): applied to
   * every cached row at the next getQ, row by row, instead of a pass over the cache per swap.
   */
  private pending: Int32Array;
  private nPending = 0;
  /** Set once a device answered with a promise and every row was brought in batches. */
  private prefetched = false;

  /**
   * `kernel` holds the problem's rows and labels in problem order (it is swapped along with the
   * positions); `QD` its diagonal.
   */
  constructor(
    private readonly kernel: PreparedKernelRows,
    readonly QD: Float64Array,
    cacheBytes: number,
  ) {
    const l = QD.length;
    this.l = l;
    this.slotOf = new Int32Array(l).fill(-1);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
    this.all = Int32Array.from({ length: l }, (_, j) => j);
    this.pending = new Int32Array(64);
    this.maxRows = Math.max(2, Math.min(l, Math.floor(cacheBytes / (4 * Math.max(l, 1)))));
    this.free = new Int32Array(this.maxRows);
    this.perChunk = Math.max(1, Math.floor(CHUNK_ENTRIES / Math.max(l, 1)));
  }

  /** A Q over prepared kernel rows (QD from the device's float64 diagonal). */
  static async create(kernel: PreparedKernelRows, cacheBytes: number): Promise<SvcQ> {
    const QD = Float64Array.from(await kernel.diagonal());
    return new SvcQ(kernel, QD, cacheBytes);
  }

  getQ(i: number, len: number): MaybePromise<Float32Array> {
    if (this.nPending > 0) this.applySwaps();
    const h = this.lens[i] as number;
    if (h > 0) this.lruDelete(i);
    let s = this.slotOf[i] as number;
    if (len > h) {
      if (s < 0) {
        s = this.allocate();
        this.slotOf[i] = s;
      }
      const row = this.views[s] as Float32Array;
      this.lens[i] = len;
      this.lruInsert(i);
      this.one[0] = i;
      // only the missing part [h, len), written by the kernel straight into the cache row
      const filled = this.kernel.kernelRows(this.one, this.all.subarray(h, len), row, this.l);
      if (filled !== undefined) {
        return filled.then(() => (this.prefetched || this.maxRows < this.l ? row : this.prefetch(row)));
      }
      return row;
    }
    this.lruInsert(i);
    return this.views[s] as Float32Array;
  }

  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const { slotOf, lens, QD } = this;
    this.kernel.swap(i, j);
    if (lens[i]) this.lruDelete(i);
    if (lens[j]) this.lruDelete(j);
    const ts = slotOf[i] as number;
    slotOf[i] = slotOf[j] as number;
    slotOf[j] = ts;
    const t = lens[i] as number;
    lens[i] = lens[j] as number;
    lens[j] = t;
    if (lens[i]) this.lruInsert(i);
    if (lens[j]) this.lruInsert(j);
    const td = QD[i] as number;
    QD[i] = QD[j] as number;
    QD[j] = td;
    if (this.used === 0) return;
    if (2 * this.nPending + 2 > this.pending.length) {
      const grown = new Int32Array(2 * this.pending.length);
      grown.set(this.pending);
      this.pending = grown;
    }
    const p = 2 * this.nPending++;
    this.pending[p] = Math.min(i, j);
    this.pending[p + 1] = Math.max(i, j);
  }

  /**
   * The pending swaps, in order, on every cached row: a row that reaches lo but not hi of a swap is
   * dropped (libsvm "gives up" on it too), one that reaches hi has entries lo and hi exchanged.
   * Row by row, this is exactly libsvm's pass over the cache at each swap.
   */
  private applySwaps(): void {
    const { chunks, perChunk, lens, slotOf, next, pending, l } = this;
    const np = 2 * this.nPending;
    this.nPending = 0;
    for (let h = next[l] as number; h !== l; ) {
      const nx = next[h] as number;
      const lh = lens[h] as number;
      const slot = slotOf[h] as number;
      const buf = chunks[(slot / perChunk) | 0] as Float32Array;
      const base = (slot % perChunk) * l;
      for (let p = 0; p < np; p += 2) {
        const lo = pending[p] as number;
        if (lh <= lo) continue;
        const hi = pending[p + 1] as number;
        if (lh <= hi) {
          this.lruDelete(h);
          this.free[this.nFree++] = slotOf[h] as number;
          slotOf[h] = -1;
          lens[h] = 0;
          this.used--;
          break;
        }
        const v = buf[base + lo] as number;
        buf[base + lo] = buf[base + hi] as number;
        buf[base + hi] = v;
      }
      h = nx;
    }
  }

  /** A slot for a new row: a free one, a new one within the budget, else the least recently used row's. */
  private allocate(): number {
    if (this.used >= this.maxRows) {
      const old = this.next[this.l] as number;
      this.lruDelete(old);
      const s = this.slotOf[old] as number;
      this.slotOf[old] = -1;
      this.lens[old] = 0;
      return s;
    }
    if (this.nFree > 0) {
      this.used++;
      return this.free[--this.nFree] as number;
    }
    const s = this.used++;
    const l = this.l;
    const c = (s / this.perChunk) | 0;
    if (c === this.chunks.length) {
      this.chunks.push(new Float32Array(Math.min(this.perChunk, this.maxRows - s) * l));
    }
    const at = (s % this.perChunk) * l;
    this.views[s] = (this.chunks[c] as Float32Array).subarray(at, at + l);
    return s;
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
        let s = this.slotOf[p] as number;
        if (s < 0) {
          s = this.allocate();
          this.slotOf[p] = s;
        }
        (this.views[s] as Float32Array).set(out.subarray(t * l, (t + 1) * l));
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
