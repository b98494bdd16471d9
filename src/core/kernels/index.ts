/**
 * The kernel layer: one contract (the families below), one implementation set per device, and the
 * registry that hands a model the kernels of its device. A device that lacks a kernel raises
 * `MissingKernelError` naming the kernel and the device.
 */
import type { DeviceName } from '../backend.js';
import { AutolearnError } from '../errors.js';
import type { LinearKernels } from './linear.js';
import type { NbKernels } from './nb.js';
import type { SvmKernels } from './svm.js';
import type { TreeKernels } from './tree.js';

export type * from './contract.js';
export type * from './linear.js';
export type * from './nb.js';
export type * from './svm.js';
export type * from './tree.js';

/** Every kernel of the contract. */
export type KernelMethods = LinearKernels & SvmKernels & TreeKernels & NbKernels;
export type KernelName = keyof KernelMethods;

export const KERNEL_NAMES = [
  'linearScores',
  'linearArgmax',
  'prepareLinearLoss',
  'prepareKernelRows',
  'kernelDecision',
  'binMatrix',
  'classHistogram',
  'forestPredict',
  'classMoments',
  'jointLogLikelihood',
] as const satisfies readonly KernelName[];
// Compile-time: KERNEL_NAMES lists every kernel of the contract.
const allKernelsListed: [Exclude<KernelName, (typeof KERNEL_NAMES)[number]>] extends [never] ? true : false =
  true;
void allKernelsListed;

/** The kernels of one device, and which implementation serves each (e.g. 'wasm-simd', 'wgsl', 'ts'). */
export interface Kernels extends KernelMethods {
  readonly device: DeviceName;
  readonly precision: 'float64' | 'float32';
  readonly implementation: Readonly<Record<KernelName, string>>;
}

/** A device does not implement a kernel of the contract. */
export class MissingKernelError extends AutolearnError {
  constructor(
    readonly kernel: string,
    readonly device: string,
  ) {
    super('E_KERNEL', `kernel '${kernel}' is not implemented on device '${device}'`);
  }
}

/** One implementation's share of a device's kernels: its label and the kernels it provides. */
export interface KernelPart {
  readonly label: string;
  readonly kernels: Partial<KernelMethods>;
}

/**
 * A device's Kernels from parts, earlier parts winning; a kernel no part provides throws
 * MissingKernelError when called (so the device still loads and says what it lacks).
 */
export function kernelSet(
  device: DeviceName,
  precision: 'float64' | 'float32',
  parts: readonly KernelPart[],
): Kernels {
  const implementation = {} as Record<KernelName, string>;
  const methods: Record<string, unknown> = {};
  for (const name of KERNEL_NAMES) {
    const part = parts.find((p) => typeof p.kernels[name] === 'function');
    if (part) {
      const kernels = part.kernels as Record<string, unknown>;
      const fn = kernels[name] as (...args: unknown[]) => unknown;
      methods[name] = fn.bind(kernels);
      implementation[name] = part.label;
    } else {
      methods[name] = () => {
        throw new MissingKernelError(name, device);
      };
      implementation[name] = 'missing';
    }
  }
  return { device, precision, implementation, ...(methods as unknown as KernelMethods) };
}
