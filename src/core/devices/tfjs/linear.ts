/** The linear kernels composed from a Backend's primitive ops (the tfjs devices). */
import type { Backend } from '../../backend.js';
import type { LinearKernels } from '../../kernels/linear.js';

export function linearComposed(_backend: Backend): Partial<LinearKernels> {
  return {};
}
