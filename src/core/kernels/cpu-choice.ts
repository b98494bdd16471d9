/**
 * Which implementation the host devices use per kernel: `cpu` takes WebAssembly SIMD for the
 * kernels listed in CPU_FROM_SIMD (measured faster there by scripts/kernel-speed.ts) when wasm-simd
 * loads, the float64 TypeScript reference for the rest; `wasm-simd` is SIMD throughout. Both the
 * registry (which builds the kernel sets) and availableDevices() (which reports them) read it.
 */
import { KERNEL_NAMES, type KernelName } from './index.js';

/**
 * Kernels `cpu` serves from WebAssembly SIMD: those measured faster than the reference by
 * scripts/kernel-speed.ts (best of 11 runs: linearScores 6x, prepareKernelRows 1.5-8x,
 * kernelDecision 2.8x, forestPredict 4x, classMoments 3.4x). Not prepareLinearLoss: 3x on one
 * thread, but the reference splits big problems over the worker pool (`threads`) and SIMD runs on
 * one; not linearArgmax or jointLogLikelihood (the reference's four-row loops are within 1.1-1.3x,
 * inside the noise), binMatrix or classHistogram (slower: the reference's grid search and scatter
 * adds run near native speed already, and SIMD pays the copies).
 */
export const CPU_FROM_SIMD: readonly KernelName[] = [
  'linearScores',
  'prepareKernelRows',
  'kernelDecision',
  'forestPredict',
  'classMoments',
];

/** The implementation label of every kernel on a host device ('wasm-simd' or 'ts'). */
export function hostKernelChoice(
  device: 'cpu' | 'wasm-simd',
  simdLoads: boolean,
): Record<KernelName, string> {
  const out = {} as Record<KernelName, string>;
  for (const k of KERNEL_NAMES)
    out[k] = device === 'wasm-simd' || (simdLoads && CPU_FROM_SIMD.includes(k)) ? 'wasm-simd' : 'ts';
  return out;
}
