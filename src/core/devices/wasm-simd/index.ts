/** Kernels of the `wasm-simd` device (AssemblyScript compiled to WebAssembly SIMD, float64 as f64x2). */
import type { KernelPart } from '../../kernels/index.js';
import { simdLinear } from './linear.js';

export { simdModuleProblem } from './heap.js';

export function wasmSimdParts(): KernelPart[] {
  return [{ label: 'wasm-simd', kernels: { ...simdLinear } }];
}
