/** The nb kernels composed from a Backend's primitive ops (the tfjs devices). */
import type { Backend } from '../../backend.js';
import type { NbKernels } from '../../kernels/nb.js';

export function nbComposed(_backend: Backend): Partial<NbKernels> {
  return {};
}
