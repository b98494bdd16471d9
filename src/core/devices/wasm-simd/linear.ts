/** The linear kernels on wasm-simd: X copied in per call (scores, argmax) or once per fit (loss). */

import { DeviceError } from '../../errors.js';
import type { DenseMatrix } from '../../kernels/contract.js';
import type {
  LinearFunctions,
  LinearKernels,
  LinearLossProblem,
  PreparedLinearLoss,
} from '../../kernels/linear.js';
import { WasmHeap, withScratch } from './heap.js';

/** Copies X, W and b in; returns their addresses. */
function putLinear(h: WasmHeap, X: DenseMatrix, f: LinearFunctions): [number, number, number] {
  return [h.putF64(X.data), h.putF64(f.W), h.putF64(f.b)];
}

function linearScores(X: DenseMatrix, f: LinearFunctions): Float64Array {
  return withScratch((h) => {
    const [x, w, b] = putLinear(h, X, f);
    const out = h.alloc(X.rows * f.k * 8);
    h.fn.linearScores(x, X.rows, X.cols, w, b, f.k, out);
    return h.f64(out, X.rows * f.k).slice();
  });
}

function linearArgmax(X: DenseMatrix, f: LinearFunctions): Int32Array {
  return withScratch((h) => {
    const [x, w, b] = putLinear(h, X, f);
    const out = h.alloc(X.rows * 4);
    h.fn.linearArgmax(x, X.rows, X.cols, w, b, f.k, out);
    return h.i32(out, X.rows).slice();
  });
}

class SimdLinearLoss implements PreparedLinearLoss {
  private heap: WasmHeap | null;
  private readonly n: number;
  private readonly d: number;
  private readonly k: number;
  private readonly fitIntercept: number;
  private readonly size: number;
  private readonly x: number;
  private readonly y: number;
  private readonly sw: number;
  private readonly w: number;
  private readonly grad: number;
  private readonly z: number;

  constructor(p: LinearLossProblem) {
    const h = new WasmHeap();
    this.heap = h;
    this.n = p.X.rows;
    this.d = p.X.cols;
    this.k = p.k;
    this.fitIntercept = p.fitIntercept ? 1 : 0;
    this.size = p.k * p.X.cols + (p.fitIntercept ? p.k : 0);
    this.x = h.putF64(p.X.data);
    this.y = h.putI32(p.y);
    this.sw = p.sampleWeight ? h.putF64(p.sampleWeight) : 0;
    this.w = h.alloc(this.size * 8);
    this.grad = h.alloc(this.size * 8);
    this.z = h.alloc(this.n * this.k * 8);
  }

  valueAndGrad(w: Float64Array, grad: Float64Array | null): number {
    const h = this.heap;
    if (!h) throw new DeviceError('wasm-simd: valueAndGrad called after dispose', 'wasm-simd');
    h.f64(this.w, this.size).set(w.subarray(0, this.size));
    const g = grad ? this.grad : 0;
    const v = h.fn.linearLoss(
      this.x,
      this.y,
      this.sw,
      this.n,
      this.d,
      this.k,
      this.fitIntercept,
      this.w,
      g,
      this.z,
    );
    if (grad) grad.set(h.f64(this.grad, this.size));
    return v;
  }

  dispose(): void {
    this.heap = null;
  }
}

export const simdLinear: LinearKernels = {
  linearScores,
  linearArgmax,
  prepareLinearLoss: (p) => new SimdLinearLoss(p),
};
