/**
 * From kernel rows in the compact, unsigned layout (out[r * cols.length + c] = K(x[rows[r]],
 * x[cols[c]])) to the contract's PreparedKernelRows (libsvm's signed Q rows written at their
 * positions): the labels live on the host, swapped with the rows, and the signs are applied as the
 * block is written. For devices that compute a compact block and download it anyway.
 */
import type { Disposable, MaybePromise } from './contract.js';
import type { PreparedKernelRows } from './svm.js';

/** Unsigned kernel rows, compact layout (what a device computes before the host writes positions). */
export interface CompactKernelRows extends Disposable {
  kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array): MaybePromise<void>;
  diagonal(): MaybePromise<Float64Array>;
  swap(i: number, j: number): void;
}

class SignedRows implements PreparedKernelRows {
  private readonly y: Int8Array;
  private buf = new Float32Array(0);

  constructor(
    private readonly inner: CompactKernelRows,
    y: Int8Array | undefined,
    n: number,
  ) {
    this.y = y ? Int8Array.from(y) : new Int8Array(n).fill(1);
  }

  kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array, stride: number): MaybePromise<void> {
    const size = rows.length * cols.length;
    if (this.buf.length < size) this.buf = new Float32Array(size);
    const block = this.buf.subarray(0, size);
    const done = this.inner.kernelRows(rows, cols, block);
    if (done !== undefined) return done.then(() => this.write(rows, cols, block, out, stride));
    this.write(rows, cols, block, out, stride);
  }

  private write(
    rows: Int32Array,
    cols: Int32Array,
    block: Float32Array,
    out: Float32Array,
    stride: number,
  ): void {
    const { y } = this;
    const m = cols.length;
    for (let r = 0; r < rows.length; r++) {
      const yi = y[rows[r] as number] as number;
      const o = r * stride;
      for (let c = 0; c < m; c++) {
        const j = cols[c] as number;
        out[o + j] = yi * (y[j] as number) * (block[r * m + c] as number);
      }
    }
  }

  diagonal(): MaybePromise<Float64Array> {
    return this.inner.diagonal();
  }

  swap(i: number, j: number): void {
    this.inner.swap(i, j);
    const { y } = this;
    const t = y[i] as number;
    y[i] = y[j] as number;
    y[j] = t;
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** The contract's signed, positional rows over compact unsigned ones (labels y, all +1 when none). */
export function signedRows(
  inner: CompactKernelRows,
  y: Int8Array | undefined,
  n: number,
): PreparedKernelRows {
  return new SignedRows(inner, y, n);
}
