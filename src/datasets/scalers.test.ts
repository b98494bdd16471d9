import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, NotFittedError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { fromArray } from '../pipeline/sources.js';
import { MinMaxScaler, Scaler, StandardScaler } from './scalers.js';

const matrixArb = fc
  .tuple(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 5 }))
  .chain(([rows, cols]) =>
    fc
      .array(
        fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000),
        { minLength: rows * cols, maxLength: rows * cols },
      )
      .map((v): Matrix => ({ rows, cols, data: Float64Array.from(v) })),
  );

function column(m: Matrix, j: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j] as number);
}

describe('StandardScaler', () => {
  it('gives mean 0 and std 1 on the data it was fitted on (non-constant columns) (property)', () => {
    fc.assert(
      fc.property(matrixArb, (X) => {
        const Z = new StandardScaler().fitTransform(X);
        for (let j = 0; j < X.cols; j++) {
          const x = column(X, j);
          const z = column(Z, j);
          const mean = z.reduce((a, b) => a + b, 0) / z.length;
          const spread = Math.max(...x) - Math.min(...x);
          expect(Math.abs(mean)).toBeLessThan(1e-9);
          if (spread > 1e-6) {
            const std = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
            expect(std).toBeCloseTo(1, 9);
          } else {
            expect(z.every((v) => Math.abs(v) < 1e-6)).toBe(true); // constant column: centred, not divided by 0
          }
        }
      }),
    );
  });

  it('transforms other data with the training statistics, and inverts', () => {
    const train: Matrix = { rows: 4, cols: 1, data: Float64Array.from([1, 2, 3, 4]) };
    const s = new StandardScaler().fit(train);
    expect(s.mean?.[0]).toBe(2.5);
    expect(s.std?.[0]).toBeCloseTo(Math.sqrt(1.25), 14);
    const test: Matrix = { rows: 1, cols: 1, data: Float64Array.from([10]) };
    expect(s.transform(test).data[0]).toBeCloseTo((10 - 2.5) / Math.sqrt(1.25), 12);
    expect(s.inverseTransform(s.transform(test)).data[0]).toBeCloseTo(10, 12);
    const json = JSON.parse(JSON.stringify(s));
    expect(Scaler.fromJSON(json).transform(test).data).toEqual(s.transform(test).data);
  });

  it('works as a pipe step on streamed rows', () => {
    const s = new StandardScaler().fit({ rows: 2, cols: 2, data: Float64Array.from([0, 10, 2, 30]) });
    const rows = fromArray([
      { values: Float64Array.from([1, 20]), label: 'a', line: 2, featureNames: ['x', 'y'] },
    ])
      .pipe(s.asTask())
      .toArray();
    expect(Array.from(rows[0]!.values)).toEqual([0, 0]);
    expect(rows[0]!.label).toBe('a');
  });

  it('refuses to transform before fit, or with another width', () => {
    const X: Matrix = { rows: 1, cols: 2, data: new Float64Array(2) };
    expect(() => new StandardScaler().transform(X)).toThrow(NotFittedError);
    const s = new StandardScaler().fit(X);
    expect(() => s.transform({ rows: 1, cols: 3, data: new Float64Array(3) })).toThrow(DataError);
    expect(() =>
      new StandardScaler().fit({ rows: 1, cols: 1, data: Float64Array.from([Number.NaN]) }),
    ).toThrow(DataError);
  });
});

describe('MinMaxScaler', () => {
  it('maps the fitted data into [0, 1] with min 0 and max 1 per non-constant column (property)', () => {
    fc.assert(
      fc.property(matrixArb, (X) => {
        const Z = new MinMaxScaler().fitTransform(X);
        for (let j = 0; j < X.cols; j++) {
          const x = column(X, j);
          const z = column(Z, j);
          expect(z.every((v) => v >= -1e-12 && v <= 1 + 1e-12)).toBe(true);
          if (Math.max(...x) > Math.min(...x)) {
            expect(Math.min(...z)).toBeCloseTo(0, 12);
            expect(Math.max(...z)).toBeCloseTo(1, 12);
          }
        }
      }),
    );
  });

  it('honours a feature range and maps unseen values linearly outside it', () => {
    const s = new MinMaxScaler([-1, 1]).fit({ rows: 2, cols: 1, data: Float64Array.from([10, 20]) });
    expect(Array.from(s.transform({ rows: 3, cols: 1, data: Float64Array.from([10, 15, 30]) }).data)).toEqual(
      [-1, 0, 3],
    );
  });
});
