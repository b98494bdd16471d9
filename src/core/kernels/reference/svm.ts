/** Float64 reference of the svm kernels (family owner fills this in). */
import type { SvmKernels } from '../svm.js';

export const svmReference: Partial<SvmKernels> = {};
