/**
 * Kernel functions of the SVC (libsvm's definitions) and the blocks K(A, B) used at prediction time:
 * native loops on the cpu device, backend ops (rbfKernel / matmul) on the others.
 */
import type { Backend } from '../../core/backend.js';
import type { Matrix } from '../../core/matrix.js';

export type KernelName = 'linear' | 'poly' | 'rbf' | 'sigmoid' | 'precomputed';

/** A kernel with its resolved numeric parameters (gamma is a number here, never 'scale'/'auto'). */
export interface KernelSpec {
  readonly kernel: KernelName;
  readonly gamma: number;
  readonly degree: number;
  readonly coef0: number;
}

/** libsvm's powi: x^n for a non-negative integer n by repeated squaring. */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** Applies the kernel's outer function to a dot product (linear, poly, sigmoid). */
export function fromDot(spec: KernelSpec, dot: number): number {
  switch (spec.kernel) {
    case 'poly':
      return powi(spec.gamma * dot + spec.coef0, spec.degree);
    case 'sigmoid':
      return Math.tanh(spec.gamma * dot + spec.coef0);
    default:
      return dot;
  }
}

/**
 * K(A, B) as an (A.rows x B.rows) row-major Float64Array with native loops. For 'precomputed', A
 * already holds kernel values against the training set and `bIndex` selects its columns.
 */
export function kernelBlockCpu(
  spec: KernelSpec,
  A: Matrix,
  B: Matrix | null,
  bIndex?: Int32Array,
): Float64Array {
  if (spec.kernel === 'precomputed') {
    const idx = bIndex as Int32Array;
    const m = idx.length;
    const out = new Float64Array(A.rows * m);
    for (let i = 0; i < A.rows; i++) {
      const o = i * A.cols;
      for (let j = 0; j < m; j++) out[i * m + j] = A.data[o + (idx[j] as number)] as number;
    }
    return out;
  }
  const Bm = B as Matrix;
  const d = A.cols;
  const n = A.rows;
  const m = Bm.rows;
  const a = A.data;
  const b = Bm.data;
  const out = new Float64Array(n * m);
  const rbf = spec.kernel === 'rbf';
  const g = spec.gamma;
  for (let i = 0; i < n; i++) {
    const ao = i * d;
    const oo = i * m;
    let j = 0;
    // four independent sums at a time (each left to right) to break the add-latency chain
    for (; j + 3 < m; j += 4) {
      const b0 = j * d;
      const b1 = b0 + d;
      const b2 = b1 + d;
      const b3 = b2 + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      if (rbf) {
        // libsvm's k_function: the direct sum of squared differences (exact for near-identical rows)
        for (let k = 0; k < d; k++) {
          const v = a[ao + k] as number;
          const t0 = v - (b[b0 + k] as number);
          const t1 = v - (b[b1 + k] as number);
          const t2 = v - (b[b2 + k] as number);
          const t3 = v - (b[b3 + k] as number);
          s0 += t0 * t0;
          s1 += t1 * t1;
          s2 += t2 * t2;
          s3 += t3 * t3;
        }
        out[oo + j] = Math.exp(-g * s0);
        out[oo + j + 1] = Math.exp(-g * s1);
        out[oo + j + 2] = Math.exp(-g * s2);
        out[oo + j + 3] = Math.exp(-g * s3);
      } else {
        for (let k = 0; k < d; k++) {
          const v = a[ao + k] as number;
          s0 += v * (b[b0 + k] as number);
          s1 += v * (b[b1 + k] as number);
          s2 += v * (b[b2 + k] as number);
          s3 += v * (b[b3 + k] as number);
        }
        out[oo + j] = s0;
        out[oo + j + 1] = s1;
        out[oo + j + 2] = s2;
        out[oo + j + 3] = s3;
      }
    }
    for (; j < m; j++) {
      const bo = j * d;
      let s = 0;
      if (rbf) {
        for (let k = 0; k < d; k++) {
          const t = (a[ao + k] as number) - (b[bo + k] as number);
          s += t * t;
        }
        out[oo + j] = Math.exp(-g * s);
      } else {
        for (let k = 0; k < d; k++) s += (a[ao + k] as number) * (b[bo + k] as number);
        out[oo + j] = s;
      }
    }
  }
  if (!rbf && spec.kernel !== 'linear')
    for (let k = 0; k < out.length; k++) out[k] = fromDot(spec, out[k] as number);
  return out;
}

/** K(A, B) through a backend (float32 on tfjs devices): rbfKernel for 'rbf', matmul otherwise. */
export async function kernelBlockBackend(
  backend: Backend,
  spec: KernelSpec,
  A: Matrix,
  B: Matrix,
): Promise<Float64Array> {
  const ta = backend.fromArray(A.data, [A.rows, A.cols]);
  const tb = backend.fromArray(B.data, [B.rows, B.cols]);
  try {
    const tk =
      spec.kernel === 'rbf'
        ? backend.rbfKernel(ta, tb, spec.gamma)
        : backend.matmul(ta, tb, { transposeB: true });
    const out = await backend.toArray(tk);
    backend.dispose(tk);
    if (spec.kernel === 'poly' || spec.kernel === 'sigmoid') {
      for (let k = 0; k < out.length; k++) out[k] = fromDot(spec, out[k] as number);
    }
    return out;
  } finally {
    backend.dispose([ta, tb]);
  }
}

/** Rows per backend call when a kernel block is computed in pieces (bounds device memory). */
export const BLOCK_ROWS = 2048;

/** K(A, B) on the backend in row blocks, or natively on the cpu device. */
export async function kernelBlock(
  backend: Backend | null,
  spec: KernelSpec,
  A: Matrix,
  B: Matrix | null,
  bIndex?: Int32Array,
): Promise<Float64Array> {
  if (!backend || backend.name === 'cpu' || spec.kernel === 'precomputed' || !B) {
    return kernelBlockCpu(spec, A, B, bIndex);
  }
  if (A.rows <= BLOCK_ROWS) return kernelBlockBackend(backend, spec, A, B);
  const out = new Float64Array(A.rows * B.rows);
  for (let r = 0; r < A.rows; r += BLOCK_ROWS) {
    const e = Math.min(A.rows, r + BLOCK_ROWS);
    const part: Matrix = { rows: e - r, cols: A.cols, data: A.data.subarray(r * A.cols, e * A.cols) };
    out.set(await kernelBlockBackend(backend, spec, part, B), r * B.rows);
  }
  return out;
}
