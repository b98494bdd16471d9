/** The svm kernels composed from a Backend's primitive ops (the tfjs devices). */
import type { Backend } from '../../backend.js';
import type { SvmKernels } from '../../kernels/svm.js';

export function svmComposed(_backend: Backend): Partial<SvmKernels> {
  return {};
}
