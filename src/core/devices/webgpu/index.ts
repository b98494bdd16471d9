/** Kernels of the `webgpu` device (WGSL compute shaders on Dawn, the `webgpu` npm package). */
import type { KernelPart } from '../../kernels/index.js';

export async function webgpuParts(): Promise<KernelPart[]> {
  return [];
}
