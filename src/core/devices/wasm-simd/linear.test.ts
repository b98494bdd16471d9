/**
 * The wasm-simd linear kernels against plain loops (scores, argmax, cross-entropy) and the gradient
 * against central finite differences, on odd feature counts (SIMD tails) and with sample weights.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng.js';
import { simdLinear } from './linear.js';

function matrix(rng: Rng, rows: number, cols: number) {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * 3;
  return { rows, cols, data };
}

function loopScores(X: { rows: number; cols: number; data: Float64Array }, W: Float64Array, b: Float64Array) {
  const k = b.length;
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

/** Cross-entropy by definition: -log p(y) with p the softmax (k >= 2) or the sigmoid (k = 1). */
function loopLoss(
  X: { rows: number; cols: number; data: Float64Array },
  y: Int32Array,
  k: number,
  w: Float64Array,
  fit: boolean,
  sw: Float64Array | null,
) {
  const d = X.cols;
  const b = fit ? w.subarray(k * d) : new Float64Array(k);
  const Z = loopScores(X, w.subarray(0, k * d), b);
  let loss = 0;
  for (let i = 0; i < X.rows; i++) {
    const wi = sw ? (sw[i] as number) : 1;
    if (k === 1) {
      const p = 1 / (1 + Math.exp(-(Z[i] as number)));
      loss -= wi * Math.log(y[i] === 1 ? p : 1 - p);
    } else {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(Z[i * k + c] as number);
      loss -= wi * Math.log(Math.exp(Z[i * k + (y[i] as number)] as number) / sum);
    }
  }
  return loss;
}

const rel = (a: number, b: number) => Math.abs(a - b) / (1 + Math.abs(b));

describe('wasm-simd linear kernels', () => {
  for (const [n, d, k] of [
    [37, 1, 1],
    [50, 5, 3],
    [64, 8, 2],
    [29, 13, 4],
    [2, 3, 2],
    [1, 6, 5],
    [7, 2, 1],
  ] as const) {
    it(`scores (bit for bit: b + x.w left to right) and argmax match plain loops (n ${n}, d ${d}, k ${k})`, () => {
      const rng = new Rng(n * 31 + d);
      const X = matrix(rng, n, d);
      const W = matrix(rng, k, d).data;
      const b = matrix(rng, 1, k).data;
      const want = loopScores(X, W, b);
      const got = simdLinear.linearScores(X, { W, b, k }) as Float64Array;
      expect(got.length).toBe(n * k);
      expect(Array.from(got)).toEqual(Array.from(want));
      const arg = simdLinear.linearArgmax(X, { W, b, k }) as Int32Array;
      for (let i = 0; i < n; i++) {
        let best = 0;
        if (k === 1) best = (want[i] as number) > 0 ? 1 : 0;
        else
          for (let c = 1; c < k; c++)
            if ((want[i * k + c] as number) > (want[i * k + best] as number)) best = c;
        expect(arg[i]).toBe(best);
      }
    });
  }

  it('argmax takes the first of tied scores', () => {
    const X = { rows: 2, cols: 3, data: new Float64Array([1, 2, 3, -1, 0, 4]) };
    const W = new Float64Array([1, 1, 1, 0, 0, 0, 1, 1, 1]);
    const b = new Float64Array([0, 6, 0]);
    expect(Array.from(simdLinear.linearArgmax(X, { W, b, k: 3 }) as Int32Array)).toEqual([0, 1]);
  });

  it('argmax marks rows with a non-finite score -1', () => {
    const X = { rows: 3, cols: 2, data: new Float64Array([1, Number.NaN, 1, 2, Infinity, 0]) };
    for (const k of [1, 2]) {
      const W = new Float64Array(k * 2).fill(1);
      const got = simdLinear.linearArgmax(X, { W, b: new Float64Array(k), k }) as Int32Array;
      expect(Array.from(got)).toEqual([-1, k === 1 ? 1 : 0, -1]);
    }
  });

  for (const [k, fit, weighted] of [
    [1, true, false],
    [1, false, true],
    [3, true, true],
    [4, false, false],
  ] as const) {
    it(`loss matches its definition and the gradient finite differences (k ${k}, intercept ${fit}, weights ${weighted})`, () => {
      const rng = new Rng(k * 7 + (fit ? 1 : 0));
      const n = 41;
      const d = 7;
      const X = matrix(rng, n, d);
      const classes = k === 1 ? 2 : k;
      const y = Int32Array.from({ length: n }, () => rng.int(classes));
      const sw = weighted ? Float64Array.from({ length: n }, () => rng.next() * 2) : null;
      const size = k * d + (fit ? k : 0);
      const w = Float64Array.from({ length: size }, () => rng.normal() * 0.3);
      const prepared = simdLinear.prepareLinearLoss({ X, y, k, fitIntercept: fit, sampleWeight: sw });
      const grad = new Float64Array(size);
      const v = prepared.valueAndGrad(w, grad) as number;
      expect(rel(v, loopLoss(X, y, k, w, fit, sw))).toBeLessThan(1e-12);
      expect(prepared.valueAndGrad(w, null)).toBe(v);
      const h = 1e-6;
      for (let j = 0; j < size; j++) {
        const wp = w.slice();
        const wm = w.slice();
        wp[j] = (wp[j] as number) + h;
        wm[j] = (wm[j] as number) - h;
        const fd = (loopLoss(X, y, k, wp, fit, sw) - loopLoss(X, y, k, wm, fit, sw)) / (2 * h);
        expect(Math.abs((grad[j] as number) - fd)).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
      }
      prepared.dispose();
      expect(() => prepared.valueAndGrad(w, null)).toThrow(/after dispose/);
    });
  }

  it('the loss stays finite where probabilities underflow', () => {
    const X = { rows: 2, cols: 1, data: new Float64Array([1000, -1000]) };
    for (const k of [1, 2]) {
      const y = new Int32Array(k === 1 ? [0, 1] : [1, 0]);
      const w = new Float64Array(k === 1 ? [1] : [1, -1]);
      const p = simdLinear.prepareLinearLoss({ X, y, k, fitIntercept: false, sampleWeight: null });
      expect(p.valueAndGrad(w, null)).toBeCloseTo(k === 1 ? 2000 : 4000, 9);
      p.dispose();
    }
  });
});
