import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearArgmax, linearScores } from './linear.js';

/** Plain reference: scores row by row, argmax with the first maximum winning, > 0 for one score. */
function reference(x: number[], n: number, d: number, W: number[], b: number[], k: number) {
  const scores = new Float64Array(n * k);
  const cls = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = b[c] as number;
      for (let j = 0; j < d; j++) s += (x[i * d + j] as number) * (W[c * d + j] as number);
      scores[i * k + c] = s;
    }
    if (k === 1) cls[i] = (scores[i] as number) > 0 ? 1 : 0;
    else {
      let best = 0;
      for (let c = 1; c < k; c++)
        if ((scores[i * k + c] as number) > (scores[i * k + best] as number)) best = c;
      cls[i] = best;
    }
  }
  return { scores, cls };
}

const small = fc.integer({ min: -4, max: 4 }); // small integers: exact ties happen and must break alike

describe('linearArgmax / linearScores', () => {
  it('match the row-by-row scores and argmax bitwise (any n, including n % 4 != 0, k = 1..5)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.infiniteStream(small),
        (n, d, k, real, stream) => {
          const it = stream[Symbol.iterator]();
          const draw = () => {
            const v = it.next().value as number;
            return real ? v * 0.37 + 0.011 : v;
          };
          const x = Array.from({ length: n * d }, draw);
          const W = Array.from({ length: k * d }, draw);
          const b = Array.from({ length: k }, draw);
          const X = { rows: n, cols: d, data: Float64Array.from(x) };
          const ref = reference(x, n, d, W, b, k);
          const f = { W: Float64Array.from(W), b: Float64Array.from(b), k };
          expect(Array.from(linearScores(X, f))).toEqual(Array.from(ref.scores));
          expect(Array.from(linearArgmax(X, f))).toEqual(Array.from(ref.cls));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('marks exactly the rows holding a NaN or an infinity -1, even against zero weights', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        fc.boolean(),
        (n, d, k, at, bad, zeroW) => {
          const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, i) => (i % 7) - 3) };
          const f = {
            W: Float64Array.from({ length: k * d }, (_, i) => (zeroW ? 0 : (i % 5) - 2)),
            b: new Float64Array(k),
            k,
          };
          const clean = linearArgmax(X, f);
          expect(clean.every((c) => c >= 0 && c < Math.max(2, k))).toBe(true);
          const cell = at % (n * d);
          X.data[cell] = bad;
          const row = Math.floor(cell / d);
          const got = linearArgmax(X, f);
          expect(Array.from(got)).toEqual(Array.from(clean, (c, i) => (i === row ? -1 : c)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
