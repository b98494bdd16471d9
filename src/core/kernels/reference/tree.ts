/**
 * Float64 reference of the tree kernels, and the host's fast implementation of them: coding a
 * column into bin codes (a grid over the edges, then a short walk), per-feature class histograms
 * over a node's rows, and the branch-free traversal of a flat forest (next = child + (x > thr)).
 * Values are read as float32 (`Math.fround`), as scikit-learn casts X to float32.
 */
import type { DenseMatrix } from '../contract.js';
import type { BinnedMatrix, FlatForest, TreeKernels } from '../tree.js';

/** Stride of per-feature bin tables in a histogram (256 > any bin code). */
export const BIN_STRIDE = 256;

/**
 * Writes the codes of column f of row-major `data` (n x d) into `out[at .. at + n)`: the number
 * of edges below Math.fround(x) (smallest b with x <= edges[b], else edges.length). A grid over
 * the edge range gives each value a starting bin (never past its own), then a short walk.
 */
function codeColumn(
  data: Float64Array,
  n: number,
  d: number,
  f: number,
  edges: Float64Array,
  out: Uint8Array,
  at: number,
): void {
  const ne = edges.length;
  if (ne === 0) {
    out.fill(0, at, at + n);
    return;
  }
  const e0 = edges[0] as number;
  const eLast = edges[ne - 1] as number;
  const cells = 4 * ne;
  const scale = eLast > e0 ? cells / (eLast - e0) : 0;
  const start = new Int32Array(cells + 1);
  // start[c] = number of edges whose cell is < c
  for (let b = 0; b < ne; b++) {
    const c = Math.min(cells, Math.floor(((edges[b] as number) - e0) * scale));
    if (c < cells) start[c + 1]++;
  }
  for (let c = 1; c <= cells; c++) start[c] = (start[c] as number) + (start[c - 1] as number);
  for (let i = 0; i < n; i++) {
    const x = Math.fround(data[i * d + f] as number);
    let b: number;
    if (x <= e0) b = 0;
    else if (x > eLast) b = ne;
    else {
      b = start[Math.min(cells, Math.floor((x - e0) * scale))] as number;
      while (b < ne && x > (edges[b] as number)) b++;
    }
    out[at + i] = b;
  }
}

function binMatrix(X: DenseMatrix, edges: readonly Float64Array[]): BinnedMatrix {
  const n = X.rows;
  const d = X.cols;
  const codes = new Uint8Array(n * d);
  const nBins = new Int32Array(d);
  for (let f = 0; f < d; f++) {
    const e = edges[f] as Float64Array;
    nBins[f] = e.length + 1;
    codeColumn(X.data, n, d, f, e, codes, f * n);
  }
  return { n, d, codes, nBins };
}

/** A weighted node's labels and weights, gathered once and read in order by every feature's pass. */
let yScratch = new Int32Array(0);
let wScratch = new Float64Array(0);

function classHistogram(
  b: BinnedMatrix,
  y: Int32Array,
  weights: Float64Array | null,
  K: number,
  rows: Int32Array,
  s: number,
  e: number,
  out: Float64Array,
): void {
  const { codes, n } = b;
  const stride = BIN_STRIDE * K;
  if (weights === null) {
    for (let f = 0, col = 0, base = 0; f < b.d; f++, col += n, base += stride) {
      for (let i = s; i < e; i++) {
        const r = rows[i] as number;
        out[base + (codes[col + r] as number) * K + (y[r] as number)]++;
      }
    }
    return;
  }
  if (b.d === 1) {
    for (let i = s; i < e; i++) {
      const r = rows[i] as number;
      out[(codes[r] as number) * K + (y[r] as number)] += weights[r] as number;
    }
    return;
  }
  const m = e - s;
  if (yScratch.length < m) {
    yScratch = new Int32Array(m);
    wScratch = new Float64Array(m);
  }
  const ys = yScratch;
  const ws = wScratch;
  for (let j = 0; j < m; j++) {
    const r = rows[s + j] as number;
    ys[j] = y[r] as number;
    ws[j] = weights[r] as number;
  }
  for (let f = 0, col = 0, base = 0; f < b.d; f++, col += n, base += stride) {
    for (let i = s, j = 0; i < e; i++, j++) {
      out[base + (codes[col + (rows[i] as number)] as number) * K + (ys[j] as number)] += ws[j] as number;
    }
  }
}

/**
 * out[r] += (sum over trees of the leaf distribution) / nTrees for rows [r0, r1) of row-major X
 * with `cols` columns, summing tree by tree then dividing, as scikit-learn's predict_proba (`out`
 * starts at 0). Row ranges are independent (forest worker threads predict one each), each row
 * summing its trees in the same order, so the result does not depend on how rows are split.
 */
export function forestPredictRows(
  p: FlatForest,
  X: Float64Array,
  cols: number,
  r0: number,
  r1: number,
  out: Float64Array,
): void {
  const { feat, thr, child, proba, offsets, nClasses: K } = p;
  for (let t = 0; t < p.nTrees; t++) {
    const root = offsets[t] as number;
    const fr = feat[root] as number;
    for (let r = r0; r < r1; r++) {
      const base = r * cols;
      let i = root;
      let f = fr;
      while (f >= 0) {
        i = (child[i] as number) + (Math.fround(X[base + f] as number) > (thr[i] as number) ? 1 : 0);
        f = feat[i] as number;
      }
      const leaf = (child[i] as number) * K;
      const o = r * K;
      for (let k = 0; k < K; k++) out[o + k] += proba[leaf + k] as number;
    }
  }
  const nTrees = p.nTrees;
  if (nTrees === 1) return; // x / 1 === x
  for (let t = r0 * K; t < r1 * K; t++) out[t] = (out[t] as number) / nTrees;
}

function forestPredict(forest: FlatForest, X: DenseMatrix): Float64Array {
  const out = new Float64Array(X.rows * forest.nClasses);
  forestPredictRows(forest, X.data, X.cols, 0, X.rows, out);
  return out;
}

/** The tree kernels on the host, synchronous (forest worker threads use them directly). */
export const treeReference = { binMatrix, classHistogram, forestPredict } satisfies TreeKernels;
