/**
 * Which implementation the host devices use per kernel: `cpu` takes WebAssembly SIMD for the
 * kernels listed in CPU_FROM_SIMD (measured faster there by scripts/kernel-speed.ts) when wasm-simd
 * loads, the float64 TypeScript reference for the rest; `wasm-simd` is SIMD throughout. Both the
 * registry (which builds the kernel sets) and availableDevices() (which reports them) read it.
 */
import { KERNEL_NAMES, type KernelName } from './index.js';

/**
 * Kernels `cpu` serves from WebAssembly SIMD: those measured faster than the reference by
 * scripts/kernel-speed.ts (best of several alternating runs, 2026-12-01, X passed through wasm
 * memory in cache-sized row blocks: linearScores 2.4x, linearArgmax 2.5x, prepareKernelRows
 * 1.1-1.4x, kernelDecision 2.5x, forestPredict 3.5x, classMoments 2.5x, jointLogLikelihood 2.4x).
 * Not binMatrix (0.6x: the reference's search over the edges runs near native speed already) or
 * classHistogram (1.0x: scatter adds, no lanes to fill, and SIMD pays for gathering the codes).
 */
export const CPU_FROM_SIMD: readonly KernelName[] = [
  'linearScores',
  'linearArgmax',
  'prepareKernelRows',
  'kernelDecision',
  'forestPredict',
  'classMoments',
  'jointLogLikelihood',
];

/**
 * The cross-entropy on `cpu`: SIMD (on one thread or split over the worker pool, as on
 * `wasm-simd`), the reference only for a tiny problem. SIMD against the reference at 70,000 x 20,
 * 3 classes, per evaluation: 4.8 against 15.7 ms on one thread, 4.9 against 15.8 ms asking for two
 * (2026-12-01, 2-core machine busy with other work, best of 40 interleaved). A prepared SIMD loss takes its wasm
 * instance from a free list, so preparing one costs microseconds: prepare + one evaluation +
 * dispose measured 3-5 us for SIMD against 4-8 us for the reference from 140 to 640 values, and
 * within the noise of it (5-7 us each) at 56 values.
 */
export const CPU_LOSS_SPLIT = 'wasm-simd (>= 128 values), ts (smaller)';

/** Below this many values of X, `cpu` prepares the cross-entropy on the reference (see CPU_LOSS_SPLIT). */
export const SIMD_LOSS_MIN_VALUES = 128;

/** The implementation label of every kernel on a host device. */
export function hostKernelChoice(
  device: 'cpu' | 'wasm-simd',
  simdLoads: boolean,
): Record<KernelName, string> {
  const out = {} as Record<KernelName, string>;
  for (const k of KERNEL_NAMES)
    out[k] = device === 'wasm-simd' || (simdLoads && CPU_FROM_SIMD.includes(k)) ? 'wasm-simd' : 'ts';
  if (device === 'cpu' && simdLoads) out.prepareLinearLoss = CPU_LOSS_SPLIT;
  return out;
}
