/** Float64 reference of the linear kernels (family owner fills this in). */
import type { LinearKernels } from '../linear.js';

export const linearReference: Partial<LinearKernels> = {};
