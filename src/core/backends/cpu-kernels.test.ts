import { Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { matmulImpl, rbfKernelImpl, softmaxRowsImpl, sqDistancesImpl, transposeImpl } from './cpu-kernels.js';

function randArray(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

function ml(data: Float64Array, r: number, c: number): MlMatrix {
  return new MlMatrix(Array.from({ length: r }, (_, i) => Array.from(data.subarray(i * c, i * c + c))));
}

describe('matmulImpl (against ml-matrix)', () => {
  // Sizes straddle the 2x4 register block and the 32-column block (odd, 1, 0, 33, 65...).
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [2, 0, 3],
    [33, 17, 65],
    [64, 64, 64],
    [65, 3, 1],
    [1, 40, 130],
  ];
  for (const [m, k, n] of shapes) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        it(`${m}x${k} @ ${k}x${n} transposeA=${ta} transposeB=${tb}`, () => {
          const rng = new Rng(m * 1000 + k * 10 + n);
          const a = randArray(rng, m * k);
          const b = randArray(rng, k * n);
          // An empty inner dimension is an empty sum (ml-matrix cannot build a 0-column matrix).
          const expected = k === 0 ? new MlMatrix(m, n) : ml(a, m, k).mmul(ml(b, k, n));
          const aStored = ta ? transposeImpl(a, m, k) : a;
          const bStored = tb ? transposeImpl(b, k, n) : b;
          const got = matmulImpl(aStored, ta ? k : m, ta ? m : k, bStored, tb ? n : k, tb ? k : n, ta, tb);
          expect(got.length).toBe(m * n);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) expect(got[i * n + j]).toBeCloseTo(expected.get(i, j), 10);
          }
        });
      }
    }
  }

  it('writes into a provided output array', () => {
    const out = new Float64Array(4).fill(123);
    const r = matmulImpl(
      Float64Array.of(1, 2, 3, 4),
      2,
      2,
      Float64Array.of(1, 0, 0, 1),
      2,
      2,
      false,
      false,
      out,
    );
    expect(r).toBe(out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });
});

describe('sqDistancesImpl / rbfKernelImpl', () => {
  it('match the direct definition, clamp at 0 and give exact zeros for repeated far-away rows', () => {
    const rng = new Rng(3);
    const n = 13;
    const m = 9;
    const d = 6;
    const a = randArray(rng, n * d);
    const b = randArray(rng, m * d);
    // b's row 4 equals a's row 2, shifted far from the origin: cancellation would give tiny negatives.
    for (let k = 0; k < d; k++) {
      a[2 * d + k] = 1e4 + (a[2 * d + k] as number);
      b[4 * d + k] = a[2 * d + k] as number;
    }
    const D = sqDistancesImpl(a, n, b, m, d);
    const K = rbfKernelImpl(a, n, b, m, d, 0.25);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += ((a[i * d + k] as number) - (b[j * d + k] as number)) ** 2;
        const got = D[i * m + j] as number;
        expect(got).toBeGreaterThanOrEqual(0);
        // ||a||²+||b||²-2ab loses digits relative to the norms (up to ~1e8 here).
        expect(Math.abs(got - s)).toBeLessThan(1e-6 * Math.max(1, s) + 1e-7 * 6e8);
        expect(Math.abs((K[i * m + j] as number) - Math.exp(-0.25 * got))).toBeLessThan(1e-15);
      }
    }
  });
});

describe('softmaxRowsImpl', () => {
  it('is shift-invariant and handles -Infinity logits', () => {
    const x = Float64Array.of(1, 2, 3, Number.NEGATIVE_INFINITY, 0, 0);
    const s = softmaxRowsImpl(x, 2, 3);
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const z = e[0]! + e[1]! + e[2]!;
    expect(s[0]).toBeCloseTo(e[0]! / z, 15);
    expect(s[2]).toBeCloseTo(1 / z, 15);
    expect(Array.from(s.subarray(3))).toEqual([0, 0.5, 0.5]);
    const shifted = softmaxRowsImpl(Float64Array.of(1001, 1002, 1003), 1, 3);
    for (let j = 0; j < 3; j++) expect(shifted[j]).toBeCloseTo(s[j] as number, 14);
  });
});
