/** Every kernel conformance case (one list per family, each family's owner writes its own). */

import { linearCases } from './linear.js';
import { nbCases } from './nb.js';
import { svmCases } from './svm.js';
import { treeCases } from './tree.js';
import type { KernelCase } from './types.js';

export const KERNEL_CASES: readonly KernelCase[] = [...linearCases, ...svmCases, ...treeCases, ...nbCases];
