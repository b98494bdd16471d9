/** The float64 TypeScript reference of every kernel (the `cpu` device's own implementation). */
import type { KernelMethods } from '../index.js';
import { linearReference } from './linear.js';
import { nbReference } from './nb.js';
import { svmReference } from './svm.js';
import { treeReference } from './tree.js';

export const referenceKernels: Partial<KernelMethods> = {
  ...linearReference,
  ...svmReference,
  ...treeReference,
  ...nbReference,
};
