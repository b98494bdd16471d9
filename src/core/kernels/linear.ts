/**
 * Linear-model kernels: scores X Wᵀ + b with their row argmax, and the cross-entropy loss (binary
 * logistic for k = 1, multinomial softmax for k >= 2) with its gradient, weighted by samples.
 */
import type { DenseMatrix, Disposable, MaybePromise } from './contract.js';

/** k linear functions of d features: `W` is k x d row-major, `b` has k intercepts. */
export interface LinearFunctions {
  readonly W: Float64Array;
  readonly b: Float64Array;
  readonly k: number;
}

/** A cross-entropy problem, prepared once per fit (devices keep X resident across iterations). */
export interface LinearLossProblem {
  readonly X: DenseMatrix;
  /** Encoded labels in [0, nClasses); for k = 1 label 1 is the positive class. */
  readonly y: Int32Array;
  /** Output columns: 1 (binary logistic) or the number of classes (softmax). */
  readonly k: number;
  readonly fitIntercept: boolean;
  readonly sampleWeight: Float64Array | null;
  /**
   * Threads a host device may split the rows over (main thread included; default 1). A hint: GPU
   * devices ignore it, and a host device may stay on one thread while its workers start.
   */
  readonly threads?: number;
}

export interface PreparedLinearLoss extends Disposable {
  /**
   * Sum over rows of sampleWeight_i * CE_i (no penalty). `w` holds the k x d weights row-major then,
   * when fitIntercept, k intercepts; the gradient (same layout) is written into `grad` when given.
   */
  valueAndGrad(w: Float64Array, grad: Float64Array | null): MaybePromise<number>;
}

export interface LinearKernels {
  /** n x k scores X Wᵀ + b. */
  linearScores(X: DenseMatrix, f: LinearFunctions): MaybePromise<Float64Array>;
  /**
   * Per row, the index of the largest score (first on ties); for k = 1, score > 0 ? 1 : 0. A row
   * with a non-finite score (NaN or an infinity: a non-finite x always makes one) gets -1, so the
   * caller can tell a bad input from a prediction without a separate pass over X.
   */
  linearArgmax(X: DenseMatrix, f: LinearFunctions): MaybePromise<Int32Array>;
  prepareLinearLoss(p: LinearLossProblem): PreparedLinearLoss;
}
