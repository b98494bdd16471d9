/**
 * The SVC's kernel parameter: libsvm's linear, poly, rbf and sigmoid kernels (computed by the
 * device's svm kernels, src/core/kernels/svm.ts) or 'precomputed' (X holds the Gram matrix).
 */
import type { SvmKernelSpec } from '../../core/kernels/svm.js';

export type KernelName = SvmKernelSpec['kernel'] | 'precomputed';

/** A kernel with its resolved numeric parameters (gamma is a number here, never 'scale'/'auto'). */
export interface KernelSpec {
  readonly kernel: KernelName;
  readonly gamma: number;
  readonly degree: number;
  readonly coef0: number;
}
