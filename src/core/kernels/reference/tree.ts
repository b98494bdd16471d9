/** Float64 reference of the tree kernels (family owner fills this in). */
import type { TreeKernels } from '../tree.js';

export const treeReference: Partial<TreeKernels> = {};
