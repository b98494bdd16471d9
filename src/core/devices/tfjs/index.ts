/** Kernels of the tfjs devices (tfjs-cpu, wasm, tensorflow, cuda): tfjs ops composed into each kernel. */
import type { Backend } from '../../backend.js';
import type { KernelMethods, KernelPart } from '../../kernels/index.js';
import { linearComposed } from './linear.js';
import { nbComposed } from './nb.js';
import { svmComposed } from './svm.js';
import { treeComposed, treeHostPart } from './tree.js';

export function composedKernels(backend: Backend): Partial<KernelMethods> {
  return {
    ...linearComposed(backend),
    ...svmComposed(backend),
    ...treeComposed(backend),
    ...nbComposed(backend),
  };
}

export function composedParts(backend: Backend): KernelPart[] {
  return [{ label: `tfjs-ops(${backend.name})`, kernels: composedKernels(backend) }, treeHostPart];
}
