/*
 * The public core API: typed errors, seeded Rng, row-major matrices, ParamSpec validation, data
 * types, the Backend contract, the device registry and the native `cpu` backend.
 */

export * from './backend.js';
export { checkBackendConformance } from './backends/conformance-cases.js';
export { asCpu, CpuTensor, cpuBackend } from './backends/cpu.js';
export {
  matmulImpl,
  matmulNTImpl,
  rbfKernelImpl,
  rowSqNormsImpl,
  softmaxRowsImpl,
  sqDistancesImpl,
  transposeImpl,
} from './backends/cpu-kernels.js';
export { broadcastShapes } from './backends/shape.js';
export * from './data.js';
export * from './devices.js';
export * from './errors.js';
// The kernel layer: the contract, the per-device kernel sets and their registry.
export type {
  BinnedMatrix,
  ClassMoments,
  DenseMatrix,
  Disposable,
  FlatForest,
  KernelMethods,
  KernelName as KernelId,
  KernelPart,
  Kernels,
  LinearFunctions,
  LinearKernels,
  LinearLossProblem,
  MaybePromise,
  NbKernels,
  PreparedKernelRows,
  PreparedLinearLoss,
  SvmKernelSpec,
  SvmKernels,
  TreeKernels,
} from './kernels/index.js';
export { KERNEL_NAMES, kernelSet, MissingKernelError } from './kernels/index.js';
export { getKernels, referenceKernelSet } from './kernels/registry.js';
export { classifierTargets, DEFAULT_MAX_CLASSES, encodeLabels, type TargetOptions } from './labels.js';
export * from './matrix.js';
export * from './optional-dependency.js';
export * from './params.js';
export * from './rng.js';
