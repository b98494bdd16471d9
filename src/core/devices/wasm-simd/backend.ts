/**
 * The primitive op table of the `wasm-simd` device: host float64 tensors, the `cpu` backend's ops
 * (the device's speed lives in its kernels; primitives serve custom losses and optimizers).
 */
import type { Backend } from '../../backend.js';
import { cpuBackend } from '../../backends/cpu.js';

export const wasmSimdBackend: Backend = { ...cpuBackend, name: 'wasm-simd' };
