/**
 * Loss contract (seed MLEngine: a vector function R^n -> R^m). A loss evaluates a model's
 * parameters on a batch: value and gradient with respect to the parameter vector.
 */
import type { Backend, Tensor } from '../core/backend.js';
import type { DenseMatrix } from '../core/kernels/contract.js';

export interface LossBatch {
  /** Features on the backend (n x d). */
  readonly X: Tensor;
  /**
   * The same features on the host, when the caller has them: kernel-backed losses (cross-entropy)
   * read these instead of downloading X (and then never touch X, so it may be made lazily).
   */
  readonly host?: DenseMatrix;
  /** Encoded labels, host side. */
  readonly y: Int32Array;
  readonly nClasses: number;
  /** Optional per-sample weights (class weights), host side. */
  readonly sampleWeight?: Float64Array;
}

export interface Loss {
  readonly name: string;
  /**
   * Value and gradient at `w` (flattened parameters, layout chosen by the model that uses it).
   * The gradient has the same length as `w`.
   */
  valueAndGrad(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
  ): Promise<{ value: number; grad: Float64Array }>;
  /** Value only (line searches). Defaults to valueAndGrad when absent. */
  value?(backend: Backend, w: Float64Array, batch: LossBatch): Promise<number>;
}
