/** The tree kernels composed from a Backend's primitive ops (the tfjs devices). */
import type { Backend } from '../../backend.js';
import type { TreeKernels } from '../../kernels/tree.js';

export function treeComposed(_backend: Backend): Partial<TreeKernels> {
  return {};
}
