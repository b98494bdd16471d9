import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classMoments, jointLogLikelihood } from './nb.js';

const cell = fc.double({ min: -50, max: 50, noNaN: true });

describe('Gaussian NB reference kernels', () => {
  it('jointLogLikelihood equals the one-row loop bitwise (any n, including n % 4 != 0)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.infiniteStream(cell),
        (n, d, K, stream) => {
          const it = stream[Symbol.iterator]();
          const draw = () => it.next().value as number;
          const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, draw) };
          const theta = Float64Array.from({ length: K * d }, draw);
          const invVar = Float64Array.from({ length: K * d }, () => 1 / (1 + Math.abs(draw())));
          const logConst = Float64Array.from({ length: K }, draw);
          const want = new Float64Array(n * K);
          for (let i = 0; i < n; i++) {
            for (let c = 0; c < K; c++) {
              let s = 0;
              for (let j = 0; j < d; j++) {
                const a = (X.data[i * d + j] as number) - (theta[c * d + j] as number);
                s += a * a * (invVar[c * d + j] as number);
              }
              want[i * K + c] = (logConst[c] as number) - 0.5 * s;
            }
          }
          expect(Array.from(jointLogLikelihood(X, theta, invVar, logConst))).toEqual(Array.from(want));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('classMoments equal the two-pass weighted mean and biased variance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.infiniteStream(cell),
        (n, d, K, weighted, stream) => {
          const it = stream[Symbol.iterator]();
          const draw = () => it.next().value as number;
          const X = { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => 1e3 + draw()) };
          const y = Int32Array.from({ length: n }, (_, i) => i % K);
          const w = weighted ? Float64Array.from({ length: n }, () => 0.1 + Math.abs(draw())) : null;
          const m = classMoments(X, y, w, K);
          for (let c = 0; c < Math.min(K, n); c++) {
            let W = 0;
            for (let i = 0; i < n; i++) if (y[i] === c) W += w ? (w[i] as number) : 1;
            expect(m.count[c]).toBeCloseTo(W, 10);
            for (let j = 0; j < d; j++) {
              let s = 0;
              for (let i = 0; i < n; i++)
                if (y[i] === c) s += (w ? (w[i] as number) : 1) * (X.data[i * d + j] as number);
              const mean = s / W;
              let v = 0;
              for (let i = 0; i < n; i++) {
                if (y[i] !== c) continue;
                const a = (X.data[i * d + j] as number) - mean;
                v += (w ? (w[i] as number) : 1) * a * a;
              }
              expect(Math.abs((m.mean[c * d + j] as number) - mean)).toBeLessThan(1e-9 * Math.abs(mean));
              expect(Math.abs((m.variance[c * d + j] as number) - v / W)).toBeLessThan(1e-9 * (1 + v / W));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
