/** The svm kernels on wasm-simd: the training rows resident per fit, test rows in row blocks per call. */

import { DeviceError } from '../../errors.js';
import type { DenseMatrix } from '../../kernels/contract.js';
import { type CompactKernelRows, signedRows } from '../../kernels/signed-rows.js';
import type { SvmKernelSpec, SvmKernels } from '../../kernels/svm.js';
import { blockRows, WasmHeap, withScratch } from './heap.js';

/** Kernel codes of assembly/svm.ts. */
const KIND: Record<SvmKernelSpec['kernel'], number> = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 };

/** libsvm's x and x_square in wasm memory, in position order (swap reorders them). */
export class SimdKernelRows implements CompactKernelRows {
  private heap: WasmHeap | null;
  private readonly n: number;
  private readonly d: number;
  private readonly x: number;
  private readonly sq: number;
  private readonly kind: number;

  constructor(
    X: DenseMatrix,
    private readonly spec: SvmKernelSpec,
  ) {
    const h = new WasmHeap();
    this.heap = h;
    this.n = X.rows;
    this.d = X.cols;
    this.kind = KIND[spec.kernel];
    this.x = h.putF64(X.data.subarray(0, X.rows * X.cols));
    this.sq = h.alloc(X.rows * 8);
    h.fn.squaredNorms(this.x, this.n, this.d, this.sq);
  }

  private live(): WasmHeap {
    if (!this.heap) throw new DeviceError('wasm-simd: prepared kernel rows used after dispose', 'wasm-simd');
    return this.heap;
  }

  kernelRows(rows: Int32Array, cols: Int32Array, out: Float32Array): void {
    const h = this.live();
    const { spec } = this;
    const mark = h.mark;
    try {
      const r = h.putI32(rows);
      const c = h.putI32(cols);
      const size = rows.length * cols.length;
      const o = h.alloc(size * 4);
      const tmp = h.alloc(cols.length * 8);
      h.fn.kernelRows(
        this.x,
        this.d,
        this.sq,
        this.kind,
        spec.gamma,
        spec.coef0,
        spec.degree,
        r,
        rows.length,
        c,
        cols.length,
        o,
        tmp,
      );
      out.set(h.f32(o, size));
    } finally {
      h.release(mark);
    }
  }

  diagonal(): Float64Array {
    const h = this.live();
    const { spec } = this;
    const mark = h.mark;
    try {
      const o = h.alloc(this.n * 8);
      h.fn.kernelDiagonal(this.x, this.n, this.d, this.sq, this.kind, spec.gamma, spec.coef0, spec.degree, o);
      return h.f64(o, this.n).slice();
    } finally {
      h.release(mark);
    }
  }

  swap(i: number, j: number): void {
    if (i === j) return;
    const h = this.live();
    const { d } = this;
    const x = h.f64(this.x, this.n * d);
    const row = x.slice(i * d, i * d + d);
    x.copyWithin(i * d, j * d, j * d + d);
    x.set(row, j * d);
    const sq = h.f64(this.sq, this.n);
    const t = sq[i] as number;
    sq[i] = sq[j] as number;
    sq[j] = t;
  }

  dispose(): void {
    this.heap = null;
  }
}

function kernelDecision(
  X: DenseMatrix,
  SV: DenseMatrix,
  spec: SvmKernelSpec,
  coef: Float64Array,
  m: number,
): Float64Array {
  const { rows: n, cols: d } = X;
  const B = Math.min(n, blockRows(d));
  const result = new Float64Array(n * m);
  withScratch((h) => {
    const x = h.alloc(B * d * 8);
    const out = h.alloc(B * m * 8);
    const sv = h.putF64(SV.data.subarray(0, SV.rows * SV.cols));
    const c = h.putF64(coef.subarray(0, SV.rows * m));
    const kr = h.alloc(SV.rows * 32);
    const xv = h.f64(x, B * d);
    const ov = h.f64(out, B * m);
    for (let i = 0; i < n; i += B) {
      const rows = Math.min(B, n - i);
      xv.set(X.data.subarray(i * d, (i + rows) * d));
      h.fn.kernelDecision(
        x,
        rows,
        d,
        sv,
        SV.rows,
        KIND[spec.kernel],
        spec.gamma,
        spec.coef0,
        spec.degree,
        c,
        m,
        out,
        kr,
      );
      result.set(rows === B ? ov : ov.subarray(0, rows * m), i * m);
    }
  });
  return result;
}

export const simdSvm: SvmKernels = {
  prepareKernelRows: (X, spec, y) => signedRows(new SimdKernelRows(X, spec), y, X.rows),
  kernelDecision,
};
