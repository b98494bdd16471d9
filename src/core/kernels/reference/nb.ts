/** Float64 reference of the nb kernels (family owner fills this in). */
import type { NbKernels } from '../nb.js';

export const nbReference: Partial<NbKernels> = {};
