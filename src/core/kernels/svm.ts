/**
 * SVM kernels (libsvm's definitions): rows of the kernel matrix for the SMO solver's cache, and the
 * kernel block times dual coefficients used to predict.
 *
 * Kernel functions (gamma, coef0, degree from the spec):
 * - linear: x.z; poly: (gamma x.z + coef0)^degree (libsvm's powi, degree >= 0 integer);
 *   sigmoid: tanh(gamma x.z + coef0); rbf: exp(-gamma |x - z|^2).
 * - In `kernelRows` / `diagonal` (libsvm's Kernel, what training uses) rbf is evaluated as
 *   exp(-gamma (|x|^2 + |z|^2 - 2 x.z)) from the squared norms; in `kernelDecision` (libsvm's
 *   k_function, what prediction uses) as exp(-gamma sum_k (x_k - z_k)^2), exact for near-identical rows.
 * - Float64 devices sum every dot product left to right (bit-identical to libsvm).
 */
import type { DenseMatrix, Disposable, MaybePromise } from './contract.js';

export interface SvmKernelSpec {
  readonly kernel: 'linear' | 'poly' | 'rbf' | 'sigmoid';
  readonly gamma: number;
  readonly coef0: number;
  readonly degree: number;
}

/**
 * The training rows of one SMO problem, prepared once per fit (devices keep them resident), with
 * their labels y (+1/-1; all +1 when none are given): the rows of libsvm's SVC_Q,
 * Q(i, j) = y_i y_j K(x_i, x_j).
 */
export interface PreparedKernelRows extends Disposable {
  /**
   * out[r * stride + cols[c]] = Q(rows[r], cols[c]) for every requested row r and column c; the other
   * entries of out are left as they are (stride > every cols[c]). Many rows per call (ThunderSVM-style
   * working-set batches), any subset of columns (the solver asks for the part of a row it has not
   * cached yet) written where the cache row keeps them. Float32 output, as the libsvm cache stores
   * (float64 devices round the float64 value once).
   */
  kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array, stride: number): MaybePromise<void>;
  /** K(x[p], x[p]) (= Q(p, p)) for every position p in the current order, in float64 (libsvm's QD). */
  diagonal(): MaybePromise<Float64Array>;
  /** Reorders the prepared rows: swaps x[i] and x[j] with y[i] and y[j] (libsvm's shrinking swaps). */
  swap(i: number, j: number): void;
}

export interface SvmKernels {
  prepareKernelRows(X: DenseMatrix, spec: SvmKernelSpec, y?: Int8Array): PreparedKernelRows;
  /**
   * n x m decision values: out[i * m + c] = sum_s K(x_i, sv_s) * coef[s * m + c] (no intercept),
   * summed over s ascending; m columns of dual coefficients (one per one-vs-one pair). Terms whose
   * coefficient is 0 are skipped (a pair never weighs the support vectors of other classes, as in
   * libsvm; with a finite K skipping them changes nothing).
   */
  kernelDecision(
    X: DenseMatrix,
    SV: DenseMatrix,
    spec: SvmKernelSpec,
    coef: Float64Array,
    m: number,
  ): MaybePromise<Float64Array>;
}
