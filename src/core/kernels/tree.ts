/**
 * Tree kernels: feature binning (quantile edges and the binned code matrix), per-node class
 * histograms with sample weights, and prediction of a flat tree ensemble.
 */
import type { DenseMatrix, MaybePromise } from './contract.js';

/** Binned features: code of sample i, feature f at `f * n + i` (column-major), as the splitter reads. */
export interface BinnedMatrix {
  readonly n: number;
  readonly d: number;
  readonly codes: Uint8Array;
  /** Bins of each feature (at most 256). */
  readonly nBins: Int32Array;
}

/** All trees of an ensemble in flat arrays (sibling-adjacent: right child = left child + 1). */
export interface FlatForest {
  readonly nTrees: number;
  readonly nClasses: number;
  /** Node offset of tree t (length nTrees + 1). */
  readonly offsets: Int32Array;
  /** Split feature per node, < 0 for a leaf. */
  readonly feat: Int32Array;
  /** Threshold per node: go left when x[feat] <= thr. */
  readonly thr: Float64Array;
  /** Global index of the left child; for a leaf, the global index of its distribution. */
  readonly child: Int32Array;
  /** Class distribution per node, nClasses each. */
  readonly proba: Float64Array;
}

export interface TreeKernels {
  /**
   * Codes X into bins with the given per-feature upper edges (`edges[f]` strictly ascending, at
   * most 255 of them, float64): code of x = number of edges < Math.fround(x), i.e. x is read as
   * float32 (scikit-learn's dtype) and goes to the smallest b with x <= edges[f][b]. `nBins[f]` is
   * `edges[f].length + 1`. Edges are often midpoints of two adjacent float32 values, which float32
   * cannot hold: a float32 device must round each edge down (toward -Infinity) to float32, since
   * for a float32 x, x > e exactly when x > (largest float32 <= e). Codes are exact on every device.
   */
  binMatrix(X: DenseMatrix, edges: readonly Float64Array[]): MaybePromise<BinnedMatrix>;
  /**
   * Class histogram of the samples `rows[s..e)` over every feature of `b`: for each i in [s, e)
   * with r = rows[i], out[(f * 256 + codes[f * n + r]) * K + y[r]] += weights[r] (1 when `weights`
   * is null); `y` and `weights` are indexed by row (length n), `out` has b.d * 256 * K entries and
   * is added to, not cleared. One feature alone: pass a one-column view of the codes
   * (`codes.subarray(f * n, (f + 1) * n)`, d = 1). Weighted sums are float64 (exact for the integer
   * weights the histogram splitter uses, up to 2^53).
   */
  classHistogram(
    b: BinnedMatrix,
    y: Int32Array,
    weights: Float64Array | null,
    K: number,
    rows: Int32Array,
    s: number,
    e: number,
    out: Float64Array,
  ): MaybePromise<void>;
  /**
   * n x nClasses: the mean over trees of each row's leaf distribution (scikit-learn's
   * predict_proba), summed tree by tree in tree order then divided by nTrees. A row goes left at a
   * node when Math.fround(x[feat]) <= thr (thresholds are float64; a float32 device must compare
   * as `binMatrix` says). Traversal starts at `offsets[t]`; `proba` may hold any per-leaf values
   * (e.g. raw class counts for a single tree's predict).
   */
  forestPredict(forest: FlatForest, X: DenseMatrix): MaybePromise<Float64Array>;
}
