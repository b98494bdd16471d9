/**
 * The tree kernels on the tfjs devices. Binning, per-node histograms and tree traversal are
 * gathers, scatters and data-dependent branches that tfjs ops gain nothing on (each op a pass
 * over the data, nothing fused), so these devices serve the host's float64 reference instead,
 * labelled 'ts (host)' in `Kernels.implementation` so that nobody mistakes it for tfjs ops.
 */
import type { Backend } from '../../backend.js';
import type { KernelPart } from '../../kernels/index.js';
import { treeReference } from '../../kernels/reference/tree.js';
import type { TreeKernels } from '../../kernels/tree.js';

/** No tree kernel is composed from tfjs ops. */
export function treeComposed(_backend: Backend): Partial<TreeKernels> {
  return {};
}

/** The part that serves the tree kernels on a tfjs device: the host reference, said so. */
export const treeHostPart: KernelPart = { label: 'ts (host)', kernels: treeReference };
