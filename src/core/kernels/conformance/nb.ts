/** Conformance cases of the nb kernels (seeded inputs, edge cases). */
import type { KernelCase } from './types.js';

export const nbCases: readonly KernelCase[] = [];
