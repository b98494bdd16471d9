/**
 * Kernels of the `webgpu` device: WGSL compute shaders on Dawn (the `webgpu` npm package) directly,
 * float32 on the device, float64 results on the host. Inputs prepared once per fit (the SMO rows,
 * the cross-entropy problem, the binned matrix) stay in device buffers across calls.
 */
import type { KernelPart } from '../../kernels/index.js';
import { getGpu } from './gpu.js';
import { webgpuLinear } from './linear.js';
import { webgpuNb } from './nb.js';
import { webgpuSvm } from './svm.js';
import { webgpuTree } from './tree.js';

/** The WGSL kernels (opens the WebGPU device; DeviceError when Dawn finds no adapter). */
export async function webgpuParts(): Promise<KernelPart[]> {
  const gpu = await getGpu();
  return [
    {
      label: 'wgsl',
      kernels: { ...webgpuLinear(gpu), ...webgpuSvm(gpu), ...webgpuNb(gpu), ...webgpuTree(gpu) },
    },
  ];
}
