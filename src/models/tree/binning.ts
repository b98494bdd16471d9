/**
 * Feature binning for histogram split search (LightGBM / HistGradientBoosting style): every
 * feature is cut once per fit into at most `maxBins` (<= 255) bins and stored as a Uint8Array,
 * column-major (`codes[f * n + i]`). A feature with at most `maxBins` distinct values gets one bin
 * per value, so histogram splits then see exactly the candidate thresholds of the exact splitter.
 * Otherwise bin edges are quantile midpoints of (a deterministic subsample of) the column.
 * `binMin`/`binMax` bound each bin: a split between bins b and b' (the next non-empty bin in the
 * node) uses the threshold midway between binMax[b] and binMin[b'] - for one-value bins exactly
 * the exact splitter's midpoint, otherwise the middle of the empty edge range between them.
 *
 * Values are read as float32 (`Math.fround`), as scikit-learn casts X to float32: thresholds are
 * float64 midpoints of float32 values and prediction compares `Math.fround(x)` with them.
 */
import { BIN_STRIDE } from '../../core/kernels/reference/tree.js';
import type { BinnedMatrix, TreeKernels } from '../../core/kernels/tree.js';
import type { Matrix } from '../../core/matrix.js';

export { BIN_STRIDE };

/** Values (evenly spaced rows) sorted per feature to find quantile edges. */
const QUANTILE_SUBSAMPLE = 32_768;

/** The binned code matrix (the tree kernels' BinnedMatrix) with the value range of every bin. */
export interface BinnedFeatures extends BinnedMatrix {
  /** Lower bound of bin b of feature f at `f * BIN_STRIDE + b` (its value, or the edge below it). */
  readonly binMin: Float64Array;
  /** Upper bound of bin b of feature f at `f * BIN_STRIDE + b` (its value, or the edge above it). */
  readonly binMax: Float64Array;
}

function alloc<T extends Uint8Array | Int32Array | Float64Array>(
  Ctor: { new (buf: ArrayBufferLike): T; new (n: number): T; BYTES_PER_ELEMENT: number },
  length: number,
  shared: boolean,
): T {
  return shared ? new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT)) : new Ctor(length);
}

/**
 * Sorted distinct values of a column when it has at most `maxBins` of them, else null (stops at
 * the first value beyond the limit, so continuous columns cost a few hundred look-ups).
 */
function fewDistinct(
  data: Float64Array,
  n: number,
  d: number,
  f: number,
  maxBins: number,
): Float64Array | null {
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    seen.add(Math.fround(data[i * d + f] as number));
    if (seen.size > maxBins) return null;
  }
  return Float64Array.from(seen).sort();
}

/** Quantile bin edges of a sorted sample (midpoints, deduplicated), at most maxBins - 1 of them. */
export function quantileEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  const edges: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    const pos = (q / maxBins) * (m - 1);
    const e = midpoint(sorted[Math.floor(pos)] as number, sorted[Math.ceil(pos)] as number);
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  }
  return Float64Array.from(edges);
}

/** Midway between a <= b, falling back to a when rounding lands on b (scikit-learn's rule). */
export function midpoint(a: number, b: number): number {
  const t = a / 2 + b / 2;
  return t === b || !Number.isFinite(t) ? a : t;
}

/**
 * Bins every column of X into at most maxBins (2..255) bins: the edges are found here (host
 * logic), the codes by the device's binMatrix kernel; `shared` puts codes in a SharedArrayBuffer.
 */
export async function binFeatures(
  kernels: Pick<TreeKernels, 'binMatrix'>,
  X: Matrix,
  maxBins: number,
  shared = false,
): Promise<BinnedFeatures> {
  const n = X.rows;
  const d = X.cols;
  const data = X.data;
  const allEdges: Float64Array[] = [];
  const binMin = new Float64Array(d * BIN_STRIDE).fill(Infinity);
  const binMax = new Float64Array(d * BIN_STRIDE).fill(-Infinity);
  const m = Math.min(n, QUANTILE_SUBSAMPLE);
  const step = n / m;
  const sample = new Float64Array(m);
  for (let f = 0; f < d; f++) {
    const tb = f * BIN_STRIDE;
    const distinct = fewDistinct(data, n, d, f, maxBins);
    let edges: Float64Array;
    if (distinct) {
      // one bin per value: a split between bins is the exact splitter's midpoint
      edges = new Float64Array(Math.max(0, distinct.length - 1));
      for (let b = 0; b < distinct.length; b++) {
        binMin[tb + b] = distinct[b] as number;
        binMax[tb + b] = distinct[b] as number;
        if (b > 0) edges[b - 1] = midpoint(distinct[b - 1] as number, distinct[b] as number);
      }
    } else {
      for (let s = 0; s < m; s++) sample[s] = Math.fround(data[Math.floor(s * step) * d + f] as number);
      sample.sort();
      edges = quantileEdges(sample, maxBins);
      // a split after bin b (next occupied bin b') lands between edges[b] and edges[b' - 1]
      for (let b = 0; b < edges.length; b++) {
        binMax[tb + b] = edges[b] as number;
        binMin[tb + b + 1] = edges[b] as number;
      }
    }
    allEdges.push(edges);
  }
  const coded = await kernels.binMatrix(X, allEdges);
  let codes = coded.codes;
  if (shared && !(codes.buffer instanceof SharedArrayBuffer)) {
    codes = alloc(Uint8Array, n * d, true);
    codes.set(coded.codes);
  }
  return { n, d, codes, nBins: coded.nBins, binMin, binMax };
}

/**
 * Exact-split preparation: per feature, the sorted distinct values and each sample's dense rank
 * among them (`ranks[f * n + i]`, column-major), so a node sorts integer keys instead of floats.
 */
export interface RankedFeatures {
  readonly n: number;
  readonly d: number;
  readonly ranks: Int32Array;
  /** Distinct values of feature f, ascending, at `values[offsets[f] .. offsets[f+1])`. */
  readonly values: Float64Array;
  readonly offsets: Int32Array;
}

export function rankFeatures(X: Matrix, shared = false): RankedFeatures {
  const n = X.rows;
  const d = X.cols;
  const data = X.data;
  const ranks = alloc(Int32Array, n * d, shared);
  const offsets = new Int32Array(d + 1);
  const parts: Float64Array[] = [];
  const col = new Float32Array(n);
  const bits = new Uint32Array(col.buffer);
  const keys = n <= MAX_PACKED_ROWS ? new Float64Array(n) : null;
  const scratch = keys ? new Float64Array(n) : null;
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) col[i] = data[i * d + f] as number;
    const uniq = keys
      ? rankPacked(col, bits, keys, scratch as Float64Array, ranks, f * n)
      : rankSearched(Float64Array.from(col), ranks, f * n);
    parts.push(uniq);
    offsets[f + 1] = (offsets[f] as number) + uniq.length;
  }
  const values = alloc(Float64Array, offsets[d] as number, shared);
  for (let f = 0; f < d; f++) values.set(parts[f] as Float64Array, offsets[f] as number);
  return { n, d, ranks, values, offsets };
}

/** Rows up to which a column's (value, row) pairs pack into exact float64 sort keys (32 + 21 bits). */
const MAX_PACKED_ROWS = 1 << 21;

/**
 * Dense ranks of a float32 column (its distinct values ascending, -0 equal to 0) into
 * ranks[base + i]; returns the distinct values (`uniq`: scratch of n). One native sort of packed keys (the value's bits in
 * an order-preserving form, times 2^21, plus the row): no search per row.
 */
function rankPacked(
  col: Float32Array,
  bits: Uint32Array,
  keys: Float64Array,
  uniq: Float64Array,
  ranks: Int32Array,
  base: number,
): Float64Array {
  const n = col.length;
  for (let i = 0; i < n; i++) {
    // -0 as 0; negative values with all bits flipped, others with the sign bit set: unsigned order = value order
    const b = col[i] === 0 ? 0 : (bits[i] as number);
    const u = b >= 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    keys[i] = u * MAX_PACKED_ROWS + i;
  }
  keys.sort();
  let u = -1;
  let prev = -1;
  for (let t = 0; t < n; t++) {
    const key = keys[t] as number;
    const code = Math.floor(key / MAX_PACKED_ROWS);
    const i = key - code * MAX_PACKED_ROWS;
    const v = col[i] as number;
    if (code !== prev) {
      prev = code;
      uniq[++u] = v;
    } else if (v === 0 && Object.is(v, -0)) uniq[u] = -0; // the sorted column's first zero is -0 when it has one
    ranks[base + i] = u;
  }
  return uniq.slice(0, u + 1);
}

/** rankPacked for columns too long to pack: sort, deduplicate, then a binary search per row. */
function rankSearched(col: Float64Array, ranks: Int32Array, base: number): Float64Array {
  const n = col.length;
  const sorted = col.slice().sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i] as number;
  const uniq = sorted.slice(0, u);
  for (let i = 0; i < n; i++) {
    const x = col[i] as number;
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((uniq[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    ranks[base + i] = lo;
  }
  return uniq;
}
