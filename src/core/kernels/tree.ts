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
   * Codes X into at most maxBins bins per feature (maxBins <= 256) with the given per-feature upper
   * edges (`edges[f]` ascending; code = number of edges < x).
   */
  binMatrix(X: DenseMatrix, edges: readonly Float64Array[]): MaybePromise<BinnedMatrix>;
  /**
   * Class histogram of the samples `rows[s..e)` over every feature: out[(f * 256 + bin) * K + y]
   * += weight (1 when `weights` is null). `out` is added to, not cleared.
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
  /** n x nClasses: the mean over trees of each row's leaf distribution (scikit-learn's predict_proba). */
  forestPredict(forest: FlatForest, X: DenseMatrix): MaybePromise<Float64Array>;
}
