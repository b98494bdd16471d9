/** Kernels of the `wasm-simd` device (AssemblyScript compiled to WebAssembly SIMD). */
import type { KernelPart } from '../../kernels/index.js';

export function wasmSimdParts(): KernelPart[] {
  return [];
}
