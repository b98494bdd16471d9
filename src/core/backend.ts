/**
 * The Backend contract: a small op table over a backend-owned tensor handle. Models are written once
 * against it; `cpu` (Float64Array) is the reference, tfjs-backed devices (tfjs-cpu, wasm, webgpu,
 * tensorflow, cuda) are float32. Tensors are rank 0, 1 or 2 (element-wise ops broadcast numpy-style).
 */

export type DeviceName = 'cpu' | 'wasm-simd' | 'tfjs-cpu' | 'wasm' | 'webgpu' | 'tensorflow' | 'cuda';

export const DEVICE_NAMES: readonly DeviceName[] = [
  'cpu',
  'wasm-simd',
  'tfjs-cpu',
  'wasm',
  'webgpu',
  'tensorflow',
  'cuda',
];

/** An opaque handle to data living on one backend. Only the backend that made it may read it. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly device: DeviceName;
}

export interface MatmulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

export interface Backend {
  readonly name: DeviceName;
  /** Storage precision; comparisons against `cpu` use tolerances that depend on it. */
  readonly precision: 'float64' | 'float32';

  // creation and transfer
  fromArray(data: ArrayLike<number>, shape: readonly number[]): Tensor;
  scalar(value: number): Tensor;
  /** Downloads to the host (waits for the device). */
  toArray(t: Tensor): Promise<Float64Array>;
  /** Synchronous download; may block on GPU devices. */
  readSync(t: Tensor): Float64Array;
  dispose(t: Tensor | readonly Tensor[]): void;

  // linear algebra
  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor;
  transpose(a: Tensor): Tensor;

  // broadcasting element-wise arithmetic
  add(a: Tensor, b: Tensor): Tensor;
  sub(a: Tensor, b: Tensor): Tensor;
  mul(a: Tensor, b: Tensor): Tensor;
  div(a: Tensor, b: Tensor): Tensor;
  maximum(a: Tensor, b: Tensor): Tensor;
  /** 1 where a > b else 0 (broadcasting). */
  greater(a: Tensor, b: Tensor): Tensor;
  /** 1 where a == b else 0 (broadcasting). */
  equal(a: Tensor, b: Tensor): Tensor;
  /** cond != 0 ? a : b (broadcasting). */
  where(cond: Tensor, a: Tensor, b: Tensor): Tensor;

  // unary
  neg(a: Tensor): Tensor;
  exp(a: Tensor): Tensor;
  log(a: Tensor): Tensor;
  sqrt(a: Tensor): Tensor;
  abs(a: Tensor): Tensor;
  sigmoid(a: Tensor): Tensor;
  /** Softmax along the last axis (each row of a matrix sums to 1). */
  softmax(a: Tensor): Tensor;

  // reductions; axis undefined reduces everything to a scalar
  sum(a: Tensor, axis?: number): Tensor;
  max(a: Tensor, axis?: number): Tensor;
  mean(a: Tensor, axis?: number): Tensor;
  /** Index of the maximum along `axis` (default last), returned as float values. */
  argmax(a: Tensor, axis?: number): Tensor;

  /** Rows of a matrix (or entries of a vector) at the given indices. */
  gather(a: Tensor, indices: ArrayLike<number>): Tensor;

  // fused blocks
  /** D[i,j] = ||a_i - b_j||^2 for row sets a (n x d) and b (m x d), clamped at 0. */
  sqDistances(a: Tensor, b: Tensor): Tensor;
  /** K[i,j] = exp(-gamma ||a_i - b_j||^2). */
  rbfKernel(a: Tensor, b: Tensor, gamma: number): Tensor;
}
