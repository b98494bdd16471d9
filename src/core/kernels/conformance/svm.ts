/** Conformance cases of the svm kernels (seeded inputs, edge cases). */
import type { KernelCase } from './types.js';

export const svmCases: readonly KernelCase[] = [];
