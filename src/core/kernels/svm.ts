/**
 * SVM kernels (libsvm's definitions): rows of the kernel matrix for the SMO solver's cache, and the
 * kernel block times dual coefficients used to predict.
 */
import type { DenseMatrix, Disposable, MaybePromise } from './contract.js';

export interface SvmKernelSpec {
  readonly kernel: 'linear' | 'poly' | 'rbf' | 'sigmoid';
  readonly gamma: number;
  readonly coef0: number;
  readonly degree: number;
}

/** The training rows of one SMO problem, prepared once per fit (devices keep them resident). */
export interface PreparedKernelRows extends Disposable {
  /**
   * out[r * len + j] = K(x[rows[r]], x[j]) for every requested row r and j in [0, len): many rows per
   * call (ThunderSVM-style working-set batches). Float32 output, as the libsvm cache stores.
   */
  kernelRows(rows: Int32Array, len: number, out: Float32Array): MaybePromise<void>;
  /** Reorders the prepared rows: swaps x[i] and x[j] (libsvm's shrinking swaps positions). */
  swap(i: number, j: number): void;
}

export interface SvmKernels {
  prepareKernelRows(X: DenseMatrix, spec: SvmKernelSpec): PreparedKernelRows;
  /**
   * n x m decision values: out[i * m + c] = sum_s K(x_i, sv_s) * coef[s * m + c] (no intercept);
   * m columns of dual coefficients (one per one-vs-one pair).
   */
  kernelDecision(
    X: DenseMatrix,
    SV: DenseMatrix,
    spec: SvmKernelSpec,
    coef: Float64Array,
    m: number,
  ): MaybePromise<Float64Array>;
}
