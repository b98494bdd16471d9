/** Kernels of the `wasm-simd` device (AssemblyScript compiled to WebAssembly SIMD, float64 as f64x2). */
import type { KernelPart } from '../../kernels/index.js';
import { simdLinear } from './linear.js';
import { simdNb } from './nb.js';
import { simdSvm } from './svm.js';
import { simdTree } from './tree.js';

export { simdModuleProblem } from './heap.js';

/** Every kernel of the contract, one part labelled 'wasm-simd'. */
export function wasmSimdParts(): KernelPart[] {
  return [{ label: 'wasm-simd', kernels: { ...simdLinear, ...simdSvm, ...simdTree, ...simdNb } }];
}
