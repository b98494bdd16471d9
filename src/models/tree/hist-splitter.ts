/**
 * Histogram split search on pre-binned features. At a node, per-feature class-count histograms
 * (bins x classes, built by the device's classHistogram kernel) are scanned left to right, over
 * the occupied bin range, for the best threshold (host logic). When every feature is
 * examined at each node (maxFeatures = all), a node keeps its full histogram and its children get
 * theirs by building the smaller child's and subtracting it from the parent's (in place), when that
 * is cheaper than building the larger one. With feature subsampling (forests) only the drawn
 * features are histogrammed, directly, in one reusable scratch buffer. Nodes of at most SMALL_NODE
 * samples sort their few bin codes instead.
 */
import { AutolearnError } from '../../core/errors.js';
import type { MaybePromise } from '../../core/kernels/contract.js';
import type { BinnedMatrix, TreeKernels } from '../../core/kernels/tree.js';
import { BIN_STRIDE, type BinnedFeatures, midpoint } from './binning.js';
import type { FeatureSampler, SplitResult, Splitter, TreeGrowParams } from './grow.js';

/** What the histogram splitter needs of its device: the tree kernels' classHistogram. */
export type HistogramKernel = Pick<TreeKernels, 'classHistogram'>;

/** Settles both (either may be a kernel's pending result); undefined when neither is pending. */
function both(a: MaybePromise<void>, b: MaybePromise<void>): Promise<void> | undefined {
  if (a instanceof Promise || b instanceof Promise) return Promise.all([a, b]).then(() => {});
  return undefined;
}

/** Nodes up to this size sort their few codes per feature instead of building histograms. */
export const SMALL_NODE = 32;

export class HistSplitter implements Splitter {
  private readonly n: number;
  private readonly d: number;
  private readonly K: number;
  /** Histogram channels per bin: the K weighted class counts, plus a row count in rows mode. */
  private readonly S: number;
  /**
   * Rows mode (non-unit weights with minSamplesLeaf > 1): histograms also count rows, so a child's
   * row count (scikit-learn's min_samples_leaf) can be checked next to its weight.
   */
  private readonly rows: boolean;
  private readonly minRows: number;
  private nodeRows = 0;
  /** Draw order of a node's non-constant features (full mode). */
  private readonly order: Int32Array;
  private readonly codes: Uint8Array;
  private readonly binned: BinnedMatrix;
  /** One-feature views of the codes (direct mode histograms one drawn feature at a time). */
  private readonly views: BinnedMatrix[];
  /** Every row's label K (the row-count channel of rows mode). */
  private readonly rowChannel: Int32Array | null;
  private readonly binMin: Float64Array;
  private readonly binMax: Float64Array;
  /** Whether nodes keep full histograms (subtraction trick). */
  readonly full: boolean;
  private readonly featStride: number;
  // full-histogram pool: counts (d x BIN_STRIDE x K) and occupied bin range per feature
  private readonly pool: Float64Array[] = [];
  private readonly poolLo: Int32Array[] = [];
  private readonly poolHi: Int32Array[] = [];
  private readonly free: number[] = [];
  // direct mode scratch (one feature)
  private readonly scratch: Float64Array;
  private readonly smallKeys = new Int32Array(SMALL_NODE);
  private readonly left: Float64Array;
  private readonly xlogx: Float64Array | null;
  private readonly minLeaf: number;
  // best split of the last scan that improved on its `best` argument
  private scanBin = 0;
  private scanNext = 0;
  private scanNLeft = 0;
  private readonly scanLeft: Float64Array;
  // best proxy and whether a split was found so far in a direct-mode search
  private directBest = -Infinity;
  private directFound = false;
  // the committed split (partition reads it)
  private cutBin = 0;
  /** Partition scratch (the right side). */
  private readonly tmp: Int32Array;

  /**
   * `idx`: the entries (rows with a positive integer weight), partitioned in place; `yRow`, `wRow`:
   * label and weight of every row (length n; wRow null when all weights are 1), what the
   * histogram kernel and the small-node search read (no per-entry copies: less memory).
   */
  constructor(
    private readonly kernels: HistogramKernel,
    binned: BinnedFeatures,
    private readonly yRow: Int32Array,
    private readonly wRow: Float64Array | null,
    private readonly idx: Int32Array,
    nClasses: number,
    params: TreeGrowParams,
    private readonly sampler: FeatureSampler,
    /** Largest possible node weight (for the entropy x log x table). */
    maxCount: number,
    /**
     * Whether every weight is 1 (then weights count rows). Otherwise the weights are integer
     * multiplicities, and with minSamplesLeaf > 1 the histograms also count rows.
     */
    unitWeights = true,
  ) {
    this.n = binned.n;
    this.d = binned.d;
    this.K = nClasses;
    this.codes = binned.codes;
    this.binned = binned;
    this.binMin = binned.binMin;
    this.binMax = binned.binMax;
    this.full = params.maxFeatures >= this.d;
    this.rows = !unitWeights && params.minSamplesLeaf > 1;
    this.S = this.rows ? nClasses + 1 : nClasses;
    this.minRows = params.minSamplesLeaf;
    this.featStride = BIN_STRIDE * this.S;
    this.order = new Int32Array(this.d);
    this.scratch = new Float64Array(this.full ? 0 : this.featStride);
    const n = this.n;
    this.views = this.full
      ? []
      : Array.from({ length: this.d }, (_, f) => ({
          n,
          d: 1,
          codes: binned.codes.subarray(f * n, (f + 1) * n),
          nBins: binned.nBins.subarray(f, f + 1),
        }));
    this.rowChannel = this.rows ? new Int32Array(n).fill(nClasses) : null;
    this.left = new Float64Array(nClasses);
    this.tmp = new Int32Array(idx.length);
    this.scanLeft = new Float64Array(nClasses);
    // the smallest weight a child may have: integer weights make `w >= minWeightLeaf` `w >= ceil(.)`
    this.minLeaf = Math.max(1, unitWeights ? params.minSamplesLeaf : 1, Math.ceil(params.minWeightLeaf));
    if (params.criterion === 'entropy') {
      const t = new Float64Array(maxCount + 1);
      for (let c = 2; c <= maxCount; c++) t[c] = c * Math.log(c);
      this.xlogx = t;
    } else this.xlogx = null;
  }

  /**
   * Adds entries [s, e) over the features of `b` into histogram h (the kernel's layout with S
   * channels per bin: the K class weights, then in rows mode a row count); a promise when the
   * device answers later.
   */
  private histogram(b: BinnedMatrix, s: number, e: number, h: Float64Array): Promise<void> | undefined {
    const { kernels, idx, S } = this;
    const weighed = kernels.classHistogram(b, this.yRow, this.wRow, S, idx, s, e, h);
    const rc = this.rowChannel;
    if (rc === null) return weighed instanceof Promise ? weighed : undefined;
    return both(weighed, kernels.classHistogram(b, rc, null, S, idx, s, e, h));
  }

  /** First occupied bin of a feature histogram (one must be occupied). */
  private firstBin(h: Float64Array, base: number): number {
    let t = base;
    while (h[t] === 0) t++;
    return ((t - base) / this.S) | 0;
  }

  private lastBin(h: Float64Array, base: number): number {
    let t = base + this.featStride - 1;
    while (h[t] === 0) t--;
    return ((t - base) / this.S) | 0;
  }

  /** A full histogram of samples [s, e) (all features), as a pool handle. */
  buildFull(s: number, e: number): MaybePromise<number> {
    const h = this.acquire();
    const pending = this.histogram(this.binned, s, e, this.pool[h] as Float64Array);
    return pending ? pending.then(() => this.occupiedRange(h)) : this.occupiedRange(h);
  }

  /** Records the occupied bin range of every feature of a pool histogram; returns its handle. */
  private occupiedRange(h: number): number {
    const buf = this.pool[h] as Float64Array;
    const lo = this.poolLo[h] as Int32Array;
    const hi = this.poolHi[h] as Int32Array;
    for (let f = 0; f < this.d; f++) {
      const base = f * this.featStride;
      lo[f] = this.firstBin(buf, base);
      hi[f] = this.lastBin(buf, base);
    }
    return h;
  }

  private acquire(): number {
    const h = this.free.pop();
    if (h !== undefined) return h;
    this.pool.push(new Float64Array(this.d * this.featStride));
    this.poolLo.push(new Int32Array(this.d));
    this.poolHi.push(new Int32Array(this.d));
    return this.pool.length - 1;
  }

  release(h: number): void {
    if (h < 0) return;
    const buf = this.pool[h] as Float64Array;
    const lo = this.poolLo[h] as Int32Array;
    const hi = this.poolHi[h] as Int32Array;
    const S = this.S;
    for (let f = 0; f < this.d; f++) {
      const base = f * this.featStride;
      buf.fill(0, base + (lo[f] as number) * S, base + ((hi[f] as number) + 1) * S);
    }
    this.free.push(h);
  }

  findSplit(
    s: number,
    e: number,
    counts: Float64Array,
    n: number,
    hist: number,
    out: SplitResult,
  ): MaybePromise<boolean> {
    if (e - s <= SMALL_NODE) return this.findSplitSmall(s, e, counts, n, out);
    this.nodeRows = e - s;
    if (this.full) {
      let best = -Infinity;
      let found = false;
      if (hist < 0) throw new AutolearnError('E_INTERNAL', 'histogram splitter: a node lost its histogram');
      const buf = this.pool[hist] as Float64Array;
      const lo = this.poolLo[hist] as Int32Array;
      const hi = this.poolHi[hist] as Int32Array;
      // features in the sampler's (scikit-learn's) order, so ties break as in the exact splitter
      const order = this.order;
      const k = this.sampler.drawAll(lo, hi, order);
      for (let i = 0; i < k; i++) {
        const f = order[i] as number;
        const v = this.scan(buf, f * this.featStride, lo[f] as number, hi[f] as number, counts, n, best);
        if (v > best) {
          best = v;
          found = true;
          this.commit(f, out);
        }
      }
      return found;
    }
    return this.findSplitDirect(s, e, counts, n, out);
  }

  /**
   * Direct mode: the sampler's features one at a time, each histogrammed into the scratch buffer.
   * Synchronous while the kernel answers at once; from the first pending histogram on, the
   * search goes on asynchronously (`directRest`).
   */
  private findSplitDirect(
    s: number,
    e: number,
    counts: Float64Array,
    n: number,
    out: SplitResult,
  ): MaybePromise<boolean> {
    this.directBest = -Infinity;
    this.directFound = false;
    const sampler = this.sampler;
    sampler.begin();
    for (;;) {
      const f = sampler.next();
      if (f < 0) break;
      const pending = this.histogram(this.views[f] as BinnedMatrix, s, e, this.scratch);
      if (pending) return this.directRest(pending, f, s, e, counts, n, out);
      this.directFeature(f, counts, n, out);
    }
    sampler.end();
    return this.directFound;
  }

  private async directRest(
    pending: Promise<void>,
    first: number,
    s: number,
    e: number,
    counts: Float64Array,
    n: number,
    out: SplitResult,
  ): Promise<boolean> {
    await pending;
    this.directFeature(first, counts, n, out);
    const sampler = this.sampler;
    for (;;) {
      const f = sampler.next();
      if (f < 0) break;
      await this.histogram(this.views[f] as BinnedMatrix, s, e, this.scratch);
      this.directFeature(f, counts, n, out);
    }
    sampler.end();
    return this.directFound;
  }

  /** Scans feature f's histogram in the scratch buffer (then clears it) and keeps the best split. */
  private directFeature(f: number, counts: Float64Array, n: number, out: SplitResult): void {
    const h = this.scratch;
    const sampler = this.sampler;
    const lo = this.firstBin(h, 0);
    const hi = this.lastBin(h, 0);
    if (hi === lo) sampler.constant();
    else {
      sampler.used();
      const v = this.scan(h, 0, lo, hi, counts, n, this.directBest);
      if (v > this.directBest) {
        this.directBest = v;
        this.directFound = true;
        this.commit(f, out);
      }
    }
    h.fill(0, lo * this.S, (hi + 1) * this.S);
  }

  /** Best proxy over the split points of one feature histogram's bins lo..hi (returns `best` when none beats it). */
  private scan(
    h: Float64Array,
    base: number,
    lo: number,
    hi: number,
    counts: Float64Array,
    n: number,
    best: number,
  ): number {
    const K = this.K;
    if (this.rows) {
      if (K === 3 && this.xlogx === null) return this.scanRowsGini3(h, base, lo, hi, counts, n, best);
      return this.scanRows(h, base, lo, hi, counts, n, best);
    }
    if (K === 3 && this.xlogx === null) return this.scanGini3(h, base, lo, hi, counts, n, best);
    if (K === 2 && this.xlogx === null) return this.scanGini2(h, base, lo, hi, counts, n, best);
    const left = this.left;
    left.fill(0);
    const minLeaf = this.minLeaf;
    const xlogx = this.xlogx;
    let nL = 0;
    let needNext = false;
    for (let b = lo; b <= hi; b++) {
      const o = base + b * K;
      let cnt = 0;
      for (let k = 0; k < K; k++) cnt += h[o + k] as number;
      if (cnt === 0) continue;
      if (needNext) {
        this.scanNext = b;
        needNext = false;
      }
      nL += cnt;
      const nR = n - nL;
      if (nR < minLeaf) break;
      for (let k = 0; k < K; k++) left[k] += h[o + k] as number;
      if (nL < minLeaf) continue;
      const proxy = this.proxy(left, counts, nL, nR, xlogx);
      if (proxy > best) {
        best = proxy;
        needNext = true;
        this.scanBin = b;
        this.scanNLeft = nL;
        for (let k = 0; k < K; k++) this.scanLeft[k] = left[k] as number;
      }
    }
    return best;
  }

  /** `scan` in rows mode: bins carry a row count after the class weights; both bounds are checked. */
  private scanRows(
    h: Float64Array,
    base: number,
    lo: number,
    hi: number,
    counts: Float64Array,
    n: number,
    best: number,
  ): number {
    const K = this.K;
    const S = this.S;
    const left = this.left;
    left.fill(0);
    const minLeaf = this.minLeaf;
    const minRows = this.minRows;
    const m = this.nodeRows;
    const xlogx = this.xlogx;
    let nL = 0;
    let rowsL = 0;
    let needNext = false;
    for (let b = lo; b <= hi; b++) {
      const o = base + b * S;
      const r = h[o + K] as number;
      if (r === 0) continue;
      if (needNext) {
        this.scanNext = b;
        needNext = false;
      }
      let cnt = 0;
      for (let k = 0; k < K; k++) cnt += h[o + k] as number;
      nL += cnt;
      rowsL += r;
      if (n - nL < minLeaf || m - rowsL < minRows) break;
      for (let k = 0; k < K; k++) left[k] += h[o + k] as number;
      if (nL < minLeaf || rowsL < minRows) continue;
      const proxy = this.proxy(left, counts, nL, n - nL, xlogx);
      if (proxy > best) {
        best = proxy;
        needNext = true;
        this.scanBin = b;
        this.scanNLeft = nL;
        for (let k = 0; k < K; k++) this.scanLeft[k] = left[k] as number;
      }
    }
    return best;
  }

  /** `scanRows` specialized for Gini with 3 classes (bins of 4 channels: 3 class weights, rows). */
  private scanRowsGini3(
    h: Float64Array,
    base: number,
    lo: number,
    hi: number,
    counts: Float64Array,
    n: number,
    best: number,
  ): number {
    const minLeaf = this.minLeaf;
    const minRows = this.minRows;
    const m = this.nodeRows;
    const t0 = counts[0] as number;
    const t1 = counts[1] as number;
    const t2 = counts[2] as number;
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    let nL = 0;
    let rowsL = 0;
    let needNext = false;
    let bestBin = -1;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let bn = 0;
    for (let b = lo; b <= hi; b++) {
      const o = base + b * 4;
      const r = h[o + 3] as number;
      if (r === 0) continue;
      if (needNext) {
        this.scanNext = b;
        needNext = false;
      }
      const c0 = h[o] as number;
      const c1 = h[o + 1] as number;
      const c2 = h[o + 2] as number;
      nL += c0 + c1 + c2;
      rowsL += r;
      const nR = n - nL;
      if (nR < minLeaf || m - rowsL < minRows) break;
      l0 += c0;
      l1 += c1;
      l2 += c2;
      if (nL < minLeaf || rowsL < minRows) continue;
      const r0 = t0 - l0;
      const r1 = t1 - l1;
      const r2 = t2 - l2;
      const proxy = (l0 * l0 + l1 * l1 + l2 * l2) / nL + (r0 * r0 + r1 * r1 + r2 * r2) / nR;
      if (proxy > best) {
        best = proxy;
        needNext = true;
        bestBin = b;
        b0 = l0;
        b1 = l1;
        b2 = l2;
        bn = nL;
      }
    }
    if (bestBin >= 0) {
      this.scanBin = bestBin;
      this.scanNLeft = bn;
      const sl = this.scanLeft;
      sl[0] = b0;
      sl[1] = b1;
      sl[2] = b2;
    }
    return best;
  }

  /** `scan` specialized for Gini with 3 classes (the common multi-class case), on scalar locals. */
  private scanGini3(
    h: Float64Array,
    base: number,
    lo: number,
    hi: number,
    counts: Float64Array,
    n: number,
    best: number,
  ): number {
    const minLeaf = this.minLeaf;
    const t0 = counts[0] as number;
    const t1 = counts[1] as number;
    const t2 = counts[2] as number;
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    let nL = 0;
    let needNext = false;
    let bestBin = -1;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let bn = 0;
    for (let b = lo; b <= hi; b++) {
      const o = base + b * 3;
      const c0 = h[o] as number;
      const c1 = h[o + 1] as number;
      const c2 = h[o + 2] as number;
      const cnt = c0 + c1 + c2;
      if (cnt === 0) continue;
      if (needNext) {
        this.scanNext = b;
        needNext = false;
      }
      nL += cnt;
      const nR = n - nL;
      if (nR < minLeaf) break;
      l0 += c0;
      l1 += c1;
      l2 += c2;
      if (nL < minLeaf) continue;
      const r0 = t0 - l0;
      const r1 = t1 - l1;
      const r2 = t2 - l2;
      const proxy = (l0 * l0 + l1 * l1 + l2 * l2) / nL + (r0 * r0 + r1 * r1 + r2 * r2) / nR;
      if (proxy > best) {
        best = proxy;
        needNext = true;
        bestBin = b;
        b0 = l0;
        b1 = l1;
        b2 = l2;
        bn = nL;
      }
    }
    if (bestBin >= 0) {
      this.scanBin = bestBin;
      this.scanNLeft = bn;
      const sl = this.scanLeft;
      sl[0] = b0;
      sl[1] = b1;
      sl[2] = b2;
    }
    return best;
  }

  /** `scan` specialized for Gini with 2 classes. */
  private scanGini2(
    h: Float64Array,
    base: number,
    lo: number,
    hi: number,
    counts: Float64Array,
    n: number,
    best: number,
  ): number {
    const minLeaf = this.minLeaf;
    const t0 = counts[0] as number;
    const t1 = counts[1] as number;
    let l0 = 0;
    let l1 = 0;
    let nL = 0;
    let needNext = false;
    let bestBin = -1;
    let b0 = 0;
    let b1 = 0;
    let bn = 0;
    for (let b = lo; b <= hi; b++) {
      const o = base + b * 2;
      const c0 = h[o] as number;
      const c1 = h[o + 1] as number;
      const cnt = c0 + c1;
      if (cnt === 0) continue;
      if (needNext) {
        this.scanNext = b;
        needNext = false;
      }
      nL += cnt;
      const nR = n - nL;
      if (nR < minLeaf) break;
      l0 += c0;
      l1 += c1;
      if (nL < minLeaf) continue;
      const r0 = t0 - l0;
      const r1 = t1 - l1;
      const proxy = (l0 * l0 + l1 * l1) / nL + (r0 * r0 + r1 * r1) / nR;
      if (proxy > best) {
        best = proxy;
        needNext = true;
        bestBin = b;
        b0 = l0;
        b1 = l1;
        bn = nL;
      }
    }
    if (bestBin >= 0) {
      this.scanBin = bestBin;
      this.scanNLeft = bn;
      this.scanLeft[0] = b0;
      this.scanLeft[1] = b1;
    }
    return best;
  }

  /** Small nodes: per feature, sort the node's (code, position) keys and scan code boundaries. */
  private findSplitSmall(s: number, e: number, counts: Float64Array, n: number, out: SplitResult): boolean {
    const { codes, idx, yRow, wRow, K } = this;
    const m = e - s;
    const keys = this.smallKeys;
    const left = this.left;
    const minLeaf = this.minLeaf;
    const minRows = this.minRows;
    const xlogx = this.xlogx;
    const sampler = this.sampler;
    let best = -Infinity;
    let found = false;
    sampler.begin();
    for (;;) {
      const f = sampler.next();
      if (f < 0) break;
      const col = f * this.n;
      for (let j = 0; j < m; j++) {
        const key = ((codes[col + (idx[s + j] as number)] as number) << 5) | j;
        let t = j - 1;
        while (t >= 0 && (keys[t] as number) > key) {
          keys[t + 1] = keys[t] as number;
          t--;
        }
        keys[t + 1] = key;
      }
      if ((keys[0] as number) >> 5 === (keys[m - 1] as number) >> 5) {
        sampler.constant();
        continue;
      }
      sampler.used();
      left.fill(0);
      let nL = 0;
      let improved = false;
      for (let j = 0; j < m - 1; j++) {
        const key = keys[j] as number;
        const row = idx[s + (key & 31)] as number;
        const w = wRow ? (wRow[row] as number) : 1;
        left[yRow[row] as number] += w;
        nL += w;
        const c = key >> 5;
        const cn = (keys[j + 1] as number) >> 5;
        if (cn === c) continue;
        const nR = n - nL;
        if (j + 1 < minRows) continue;
        if (m - j - 1 < minRows) break;
        if (nL < minLeaf) continue;
        if (nR < minLeaf) break;
        const proxy = this.proxy(left, counts, nL, nR, xlogx);
        if (proxy > best) {
          best = proxy;
          improved = true;
          this.scanBin = c;
          this.scanNext = cn;
          this.scanNLeft = nL;
          for (let k = 0; k < K; k++) this.scanLeft[k] = left[k] as number;
        }
      }
      if (improved) {
        found = true;
        this.commit(f, out);
      }
    }
    sampler.end();
    return found;
  }

  /** Impurity-improvement proxy of a split (larger is better; scikit-learn's proxy_impurity_improvement up to a constant). */
  private proxy(
    left: Float64Array,
    counts: Float64Array,
    nL: number,
    nR: number,
    xlogx: Float64Array | null,
  ): number {
    const K = this.K;
    if (xlogx === null) {
      let sqL = 0;
      let sqR = 0;
      for (let k = 0; k < K; k++) {
        const a = left[k] as number;
        const c = (counts[k] as number) - a;
        sqL += a * a;
        sqR += c * c;
      }
      return sqL / nL + sqR / nR;
    }
    let p = -(xlogx[nL] as number) - (xlogx[nR] as number);
    for (let k = 0; k < K; k++) {
      const a = left[k] as number;
      p += (xlogx[a] as number) + (xlogx[(counts[k] as number) - a] as number);
    }
    return p;
  }

  private commit(f: number, out: SplitResult): void {
    const t = f * BIN_STRIDE;
    out.feature = f;
    out.threshold = midpoint(
      this.binMax[t + this.scanBin] as number,
      this.binMin[t + this.scanNext] as number,
    );
    out.nLeft = this.scanNLeft;
    for (let k = 0; k < this.K; k++) out.countsLeft[k] = this.scanLeft[k] as number;
    this.cutBin = this.scanBin;
  }

  /**
   * Stable partition (left entries first, both sides keeping their order): entries stay sorted by
   * row, so histogram passes read each code column front to back.
   */
  /** Stable partition of the node's entries (labels and weights are read by row: only idx moves). */
  partition(s: number, e: number, split: SplitResult): number {
    const col = split.feature * this.n;
    const cut = this.cutBin;
    const { codes, idx, tmp } = this;
    let l = s;
    let r = 0;
    for (let i = s; i < e; i++) {
      const row = idx[i] as number;
      if ((codes[col + row] as number) <= cut) idx[l++] = row;
      else tmp[r++] = row;
    }
    idx.set(tmp.subarray(0, r), l);
    return l;
  }

  childHistograms(
    parent: number,
    s: number,
    pos: number,
    e: number,
    needL: boolean,
    needR: boolean,
  ): MaybePromise<[number, number]> {
    if (!this.full) return [-1, -1];
    return this.childHistogramsFull(parent, s, pos, e, needL, needR);
  }

  /** Full mode: the children's histograms, the larger one by subtraction when that is cheaper. */
  private async childHistogramsFull(
    parent: number,
    s: number,
    pos: number,
    e: number,
    needL: boolean,
    needR: boolean,
  ): Promise<[number, number]> {
    // small children search their splits without histograms
    needL = needL && pos - s > SMALL_NODE;
    needR = needR && e - pos > SMALL_NODE;
    if (parent < 0) return this.buildBoth(s, pos, e, needL, needR);
    if (!needL && !needR) {
      this.release(parent);
      return [-1, -1];
    }
    const nL = pos - s;
    const nR = e - pos;
    const leftSmaller = nL <= nR;
    const needLarge = leftSmaller ? needR : needL;
    const needSmall = leftSmaller ? needL : needR;
    const nLarge = leftSmaller ? nR : nL;
    // subtraction costs ~ the parent's occupied bins; building the larger child one pass per feature
    const lo = this.poolLo[parent] as Int32Array;
    const hi = this.poolHi[parent] as Int32Array;
    let occupied = 0;
    for (let f = 0; f < this.d; f++) occupied += (hi[f] as number) - (lo[f] as number) + 1;
    const subtract = needLarge && 2 * nLarge * this.d > occupied * this.S;
    if (!subtract) {
      this.release(parent);
      return this.buildBoth(s, pos, e, needL, needR);
    }
    const small = await (leftSmaller ? this.buildFull(s, pos) : this.buildFull(pos, e));
    const pb = this.pool[parent] as Float64Array;
    const sb = this.pool[small] as Float64Array;
    const S = this.S;
    for (let f = 0; f < this.d; f++) {
      const from = f * this.featStride + (lo[f] as number) * S;
      const to = f * this.featStride + ((hi[f] as number) + 1) * S;
      for (let t = from; t < to; t++) pb[t] = (pb[t] as number) - (sb[t] as number);
    }
    let smallHandle = small;
    if (!needSmall) {
      this.release(small);
      smallHandle = -1;
    }
    return leftSmaller ? [smallHandle, parent] : [parent, smallHandle];
  }

  private async buildBoth(
    s: number,
    pos: number,
    e: number,
    needL: boolean,
    needR: boolean,
  ): Promise<[number, number]> {
    const l = needL ? await this.buildFull(s, pos) : -1;
    return [l, needR ? await this.buildFull(pos, e) : -1];
  }
}
