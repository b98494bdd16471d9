/** Conformance cases of the linear kernels (seeded inputs, edge cases). */
import type { KernelCase } from './types.js';

export const linearCases: readonly KernelCase[] = [];
