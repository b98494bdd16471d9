/** Gaussian naive Bayes kernels: per-class weighted moments and the joint log-likelihood. */
import type { DenseMatrix, MaybePromise } from './contract.js';

export interface ClassMoments {
  /** Weighted count per class (K). */
  readonly count: Float64Array;
  /** Weighted mean per class and feature (K x d). */
  readonly mean: Float64Array;
  /** Weighted (biased) variance per class and feature (K x d). */
  readonly variance: Float64Array;
}

export interface NbKernels {
  classMoments(
    X: DenseMatrix,
    y: Int32Array,
    weights: Float64Array | null,
    K: number,
  ): MaybePromise<ClassMoments>;
  /**
   * n x K: logConst[c] - 0.5 * sum_j (x_ij - theta_cj)^2 * invVar_cj (theta, invVar K x d).
   */
  jointLogLikelihood(
    X: DenseMatrix,
    theta: Float64Array,
    invVar: Float64Array,
    logConst: Float64Array,
  ): MaybePromise<Float64Array>;
}
