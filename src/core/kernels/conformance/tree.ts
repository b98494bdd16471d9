/** Conformance cases of the tree kernels (seeded inputs, edge cases). */
import type { KernelCase } from './types.js';

export const treeCases: readonly KernelCase[] = [];
