/** WGSL linear kernels against plain float64 loops (small shapes: lavapipe is slow). */
import { describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../kernels/contract.js';
import { getGpu } from './gpu.js';
import { webgpuLinear } from './linear.js';
import { closeTo, HAS_WEBGPU, matrix, rng } from './test-utils/index.js';

describe.runIf(HAS_WEBGPU)('webgpu linear kernels', () => {
  const r = rng(7);
  const X: DenseMatrix = matrix(r, 37, 9);

  function scores(X: DenseMatrix, W: Float64Array, b: Float64Array, k: number): Float64Array {
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++)
      for (let c = 0; c < k; c++) {
        let s = b[c] as number;
        for (let j = 0; j < X.cols; j++)
          s += (X.data[i * X.cols + j] as number) * (W[c * X.cols + j] as number);
        out[i * k + c] = s;
      }
    return out;
  }

  it('linearScores and linearArgmax match the float64 loop', async () => {
    const lin = webgpuLinear(await getGpu());
    for (const k of [1, 3]) {
      const W = Float64Array.from({ length: k * 9 }, () => r() - 0.5);
      const b = Float64Array.from({ length: k }, () => r() - 0.5);
      const want = scores(X, W, b, k);
      closeTo(await lin.linearScores(X, { W, b, k }), want, 1e-5);
      const am = await lin.linearArgmax(X, { W, b, k });
      for (let i = 0; i < X.rows; i++) {
        const row = want.subarray(i * k, i * k + k);
        const best = k === 1 ? ((row[0] as number) > 0 ? 1 : 0) : row.indexOf(Math.max(...row));
        expect(am[i]).toBe(best);
      }
    }
  });

  it('linearArgmax marks a row with a non-finite score -1', async () => {
    const lin = webgpuLinear(await getGpu());
    const data = X.data.slice(0, 4 * 9);
    data[9 + 3] = Number.NaN;
    data[18] = Number.POSITIVE_INFINITY;
    const Xb = { rows: 4, cols: 9, data };
    for (const k of [1, 2]) {
      const f = { W: new Float64Array(k * 9).fill(0.5), b: new Float64Array(k), k };
      const am = await lin.linearArgmax(Xb, f);
      expect([am[1], am[2]]).toEqual([-1, -1]);
      expect((am[0] as number) >= 0 && (am[3] as number) >= 0).toBe(true);
    }
  });

  /** Weighted cross-entropy and its gradient by float64 loops. */
  function crossEntropy(y: Int32Array, sw: Float64Array, k: number, w: Float64Array, fi: boolean) {
    const d = X.cols;
    const W = w.subarray(0, k * d);
    const b = fi ? w.subarray(k * d) : new Float64Array(k);
    const z = scores(X, W, b, k);
    const grad = new Float64Array(w.length);
    let value = 0;
    for (let i = 0; i < X.rows; i++) {
      const res = new Float64Array(k);
      if (k === 1) {
        const zi = z[i] as number;
        const p = 1 / (1 + Math.exp(-zi));
        value += (sw[i] as number) * (y[i] === 1 ? Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi)));
        res[0] = p - (y[i] === 1 ? 1 : 0);
      } else {
        const row = z.subarray(i * k, i * k + k);
        const m = Math.max(...row);
        const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
        value += (sw[i] as number) * (m + Math.log(s) - (row[y[i] as number] as number));
        for (let c = 0; c < k; c++) res[c] = Math.exp((row[c] as number) - m) / s - (c === y[i] ? 1 : 0);
      }
      for (let c = 0; c < k; c++) {
        const rc = (sw[i] as number) * (res[c] as number);
        for (let j = 0; j < d; j++)
          grad[c * d + j] = (grad[c * d + j] as number) + rc * (X.data[i * d + j] as number);
        if (fi) grad[k * d + c] = (grad[k * d + c] as number) + rc;
      }
    }
    return { value, grad };
  }

  it('prepareLinearLoss: value and gradient over several w, X resident', async () => {
    const lin = webgpuLinear(await getGpu());
    for (const [k, fi] of [
      [1, true],
      [4, true],
      [3, false],
    ] as const) {
      const y = Int32Array.from({ length: X.rows }, () => Math.floor(r() * Math.max(2, k)));
      const sw = Float64Array.from({ length: X.rows }, () => 0.5 + r());
      const prep = lin.prepareLinearLoss({ X, y, k, fitIntercept: fi, sampleWeight: sw });
      for (let it = 0; it < 3; it++) {
        const w = Float64Array.from({ length: k * X.cols + (fi ? k : 0) }, () => 2 * r() - 1);
        const want = crossEntropy(y, sw, k, w, fi);
        const grad = new Float64Array(w.length);
        const v = await prep.valueAndGrad(w, grad);
        closeTo([v], [want.value], 1e-5);
        closeTo(grad, want.grad, 1e-5);
        closeTo([await prep.valueAndGrad(w, null)], [want.value], 1e-5);
      }
      prep.dispose();
    }
  });
});
