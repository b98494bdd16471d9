/**
 * Where an SVC problem's kernel values come from: feature rows through the device's svm kernels,
 * or a user's precomputed Gram matrix (host data, read as it is: libsvm's 'precomputed' kernel).
 * Both serve the SMO cache (prepared kernel rows of a subset of samples) and decision values
 * (kernel block x dual coefficients).
 */
import type { DenseMatrix, MaybePromise } from '../../core/kernels/contract.js';
import type { Kernels } from '../../core/kernels/index.js';
import type { PreparedKernelRows, SvmKernelSpec } from '../../core/kernels/svm.js';
import { takeRows } from '../../core/matrix.js';

export interface KernelSource {
  /** The signed kernel rows (Q) of these samples with labels y, in this order (one SMO problem). */
  prepare(samples: Int32Array, y: Int8Array): PreparedKernelRows;
  /** out[r * m + c] = sum_s K(x[rows[r]], x[sv[s]]) * coef[s * m + c]. */
  decision(rows: Int32Array, sv: Int32Array, coef: Float64Array, m: number): MaybePromise<Float64Array>;
}

/** Kernel values of feature rows X under `spec`, computed by the device's kernels. */
export function featureSource(kernels: Kernels, X: DenseMatrix, spec: SvmKernelSpec): KernelSource {
  return {
    prepare: (samples, y) => kernels.prepareKernelRows(takeRows(X, samples), spec, y),
    decision: (rows, sv, coef, m) =>
      kernels.kernelDecision(takeRows(X, rows), takeRows(X, sv), spec, coef, m),
  };
}

/**
 * out[r * m + c] = sum_s K[rows[r], cols[s]] * coef[s * m + c] for a Gram block K (rows x training
 * samples), summed over s ascending (as the kernel block x coefficients of the feature kernels).
 */
export function gramDecision(
  K: DenseMatrix,
  rows: Int32Array | null,
  cols: Int32Array,
  coef: Float64Array,
  m: number,
): Float64Array {
  const n = rows ? rows.length : K.rows;
  const out = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    const o = (rows ? (rows[r] as number) : r) * K.cols;
    for (let s = 0; s < cols.length; s++) {
      const k = K.data[o + (cols[s] as number)] as number;
      for (let c = 0; c < m; c++)
        out[r * m + c] = (out[r * m + c] as number) + k * (coef[s * m + c] as number);
    }
  }
  return out;
}

/** The signed rows of a square Gram matrix K over a subset of samples, swapped with the positions. */
class GramRows implements PreparedKernelRows {
  private readonly perm: Int32Array;
  private readonly y: Int8Array;

  constructor(
    private readonly K: DenseMatrix,
    samples: Int32Array,
    y: Int8Array,
  ) {
    this.perm = Int32Array.from(samples);
    this.y = Int8Array.from(y);
  }

  kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array, stride: number): void {
    const { K, perm, y } = this;
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r] as number;
      const o = (perm[i] as number) * K.cols;
      const yi = y[i] as number;
      for (let c = 0; c < cols.length; c++) {
        const j = cols[c] as number;
        out[r * stride + j] = yi * (y[j] as number) * (K.data[o + (perm[j] as number)] as number);
      }
    }
  }

  diagonal(): Float64Array {
    const { K, perm } = this;
    return Float64Array.from(perm, (p) => K.data[p * K.cols + p] as number);
  }

  swap(i: number, j: number): void {
    const { perm, y } = this;
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
    const u = y[i] as number;
    y[i] = y[j] as number;
    y[j] = u;
  }

  dispose(): void {}
}

/** Kernel values read from a user's square Gram matrix of the training samples. */
export function gramSource(K: DenseMatrix): KernelSource {
  return {
    prepare: (samples, y) => new GramRows(K, samples, y),
    decision: (rows, sv, coef, m) => gramDecision(K, rows, sv, coef, m),
  };
}
