/**
 * A kernel conformance case: an input, run through the kernel on a device and on the float64
 * reference; the outputs must agree within the device precision's tolerance.
 */
import type { KernelName, Kernels } from '../index.js';

export type KernelOutput = Float64Array | Float32Array | Int32Array | Uint8Array | number;

export interface KernelCase {
  readonly kernel: KernelName;
  /** What the input exercises (shape, edge case). */
  readonly name: string;
  /** Runs the kernel on `k` and returns every output to compare (arrays flattened). */
  run(k: Kernels): Promise<readonly KernelOutput[]>;
  /** Relative-plus-absolute tolerance per precision (defaults: float64 1e-12, float32 1e-4). */
  readonly tolerance?: { readonly float64?: number; readonly float32?: number };
  /** Integer outputs (argmax, codes) must match exactly, except where the float32 device is allowed near-ties. */
  readonly exact?: boolean;
}
