import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../core/errors.js';
import { allocateProportional, splitIndices, trainTestSplit } from './split.js';

const labelsArb = fc
  .array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 })
  .chain((counts) =>
    fc.shuffledSubarray(
      counts.flatMap((c, k) => Array<number>(c).fill(k)),
      { minLength: counts.reduce((a, b) => a + b, 0) },
    ),
  )
  .filter((y) => y.length >= 10);

describe('splitIndices', () => {
  it('parts are disjoint, cover every row, and have the scikit-learn sizes (property)', () => {
    fc.assert(
      fc.property(
        labelsArb,
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.nat(),
        fc.boolean(),
        (y, test, validation, seed, stratify) => {
          const n = y.length;
          const nTest = Math.max(1, Math.ceil(test * n - 1e-9));
          const nVal = validation > 0 ? Math.max(1, Math.ceil(validation * n - 1e-9)) : 0;
          if (nTest + nVal >= n) return;
          const s = splitIndices(n, { test, validation, seed, stratify }, Int32Array.from(y));
          expect(s.test.length).toBe(nTest);
          expect(s.validation.length).toBe(nVal);
          expect(Math.abs(nTest - test * n)).toBeLessThan(1);
          const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
          expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is deterministic per seed and changes with the seed', () => {
    const y = Int32Array.from({ length: 200 }, (_, i) => i % 3);
    const a = splitIndices(200, { test: 0.3, seed: 42 }, y);
    const b = splitIndices(200, { test: 0.3, seed: 42 }, y);
    const c = splitIndices(200, { test: 0.3, seed: 43 }, y);
    expect(a).toEqual(b);
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('stratified parts keep each class within one row of its exact share (property)', () => {
    fc.assert(
      fc.property(labelsArb, fc.double({ min: 0.1, max: 0.5, noNaN: true }), fc.nat(), (y, test, seed) => {
        const n = y.length;
        const s = splitIndices(n, { test, seed, stratify: true }, Int32Array.from(y));
        const k = Math.max(...y) + 1;
        for (let c = 0; c < k; c++) {
          const total = y.filter((v) => v === c).length;
          const inTest = Array.from(s.test).filter((i) => y[i] === c).length;
          expect(Math.abs(inTest - (total * s.test.length) / n)).toBeLessThan(1 + 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects fractions outside (0, 1) and splits leaving no training row', () => {
    for (const test of [0, 1, -0.1, 1.5, Number.NaN])
      expect(() => splitIndices(10, { test })).toThrow(ParamError);
    expect(() => splitIndices(10, { test: 0.5, validation: 0.5 })).toThrow(ParamError);
    expect(() => splitIndices(2, { test: 0.6, validation: 0.3 })).toThrow(ParamError);
  });

  it('allocateProportional sums to the total and never exceeds a class count (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (counts, f) => {
          const n = counts.reduce((a, b) => a + b, 0);
          if (n === 0) return;
          const total = Math.floor(f * n);
          const a = allocateProportional(counts, total);
          expect(a.reduce((s, v) => s + v, 0)).toBe(total);
          a.forEach((v, c) => {
            expect(v).toBeLessThanOrEqual(counts[c] as number);
            expect(Math.abs(v - ((counts[c] as number) * total) / n)).toBeLessThan(1 + 1e-9);
          });
        },
      ),
    );
  });
});

describe('trainTestSplit', () => {
  it('keeps rows and labels together, for label arrays and encoded Int32Array', () => {
    const X = Array.from({ length: 40 }, (_, i) => [i, -i]);
    const y = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 'rare' : 'common'));
    const s = trainTestSplit(X, y, { testSize: 0.25, seed: 7 });
    expect(s.XTest.rows).toBe(10);
    expect(s.XTrain.rows).toBe(30);
    s.testIndex.forEach((i, k) => {
      expect(s.XTest.data[k * 2]).toBe(i);
      expect(s.yTest[k]).toBe(y[i]);
    });
    expect([2, 3]).toContain(s.yTest.filter((l) => l === 'rare').length); // exact share 2.5
    const e = trainTestSplit(
      X,
      Int32Array.from(y, (l) => (l === 'rare' ? 1 : 0)),
      { testSize: 0.25, seed: 7 },
    );
    expect(e.yTest).toBeInstanceOf(Int32Array);
    expect(Array.from(e.testIndex)).toEqual(Array.from(s.testIndex));
  });
});
