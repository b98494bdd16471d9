/** toMatrix and classifierTargets: every accepted input reads exactly; every bad cell is named. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { classifierTargets } from './labels.js';
import { toMatrix } from './matrix.js';

describe('toMatrix', () => {
  it('reads number[][], typed-array rows and typed-array matrices exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((c) =>
          fc.array(
            fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: c, maxLength: c }),
            {
              minLength: 1,
              maxLength: 12,
            },
          ),
        ),
        (X) => {
          const want = X.flat();
          expect(Array.from(toMatrix(X).data)).toEqual(want);
          expect(Array.from(toMatrix(X.map((r) => Float64Array.from(r)) as never).data)).toEqual(want);
          const f32 = Float32Array.from(want);
          const m = toMatrix({ rows: X.length, cols: X[0]!.length, data: f32 });
          expect(m.data).toBeInstanceOf(Float64Array);
          expect(Array.from(m.data)).toEqual(Array.from(f32));
        },
      ),
      { seed: 3 },
    );
  });

  it.each([
    [null, /missing value \(null\) at row 1, column 2/],
    [undefined, /missing value \(undefined\) at row 1, column 2/],
    ['', /missing value \(empty string\) at row 1, column 2/],
    ['  ', /missing value \(empty string\) at row 1, column 2/],
    ['3', /the string "3" at row 1, column 2/],
    [true, /a boolean at row 1, column 2/],
    [{ a: 1 }, /a object at row 1, column 2/],
  ])('a %j cell is a DataError naming it (never read as 0)', (cell, msg) => {
    const X = [
      [1, 2, 3],
      [4, 5, cell as unknown as number],
    ];
    expect(() => toMatrix(X)).toThrow(DataError);
    expect(() => toMatrix(X)).toThrow(msg);
  });

  it('1-D input, ragged rows and bad matrices are DataErrors that say what to do', () => {
    expect(() => toMatrix([1, 2, 3] as never)).toThrow(/1-D array of 3 values.*\[\[v1\], \[v2\]/);
    expect(() => toMatrix(Float64Array.from([1, 2]) as never)).toThrow(/flat typed array/);
    expect(() => toMatrix([[1, 2], [3]])).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => toMatrix({ rows: 2, cols: 2, data: Float32Array.from([1, 2, 3]) })).toThrow(
      /3 values, expected 2x2/,
    );
  });
});

describe('classifierTargets (scikit-learn type_of_target)', () => {
  it('accepts 1-D labels and a column vector alike', () => {
    const a = classifierTargets([3, 1, 3]);
    const b = classifierTargets([[3], [1], [3]]);
    expect(a.classes).toEqual([1, 3]);
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
  });

  it("refuses a continuous target (200 distinct floats) as 'continuous', not a 200-class problem", () => {
    const y = Array.from({ length: 200 }, (_, i) => i / 7 + 0.01);
    expect(() => classifierTargets(y)).toThrow(/Unknown label type: 'continuous'.*200 distinct/);
    // integer-valued floats are classes, as in scikit-learn
    expect(classifierTargets([1.0, 2.0, 1.0]).classes).toEqual([1, 2]);
  });

  it('null / undefined y, non-label cells, multi-output y and too many classes are DataErrors', () => {
    expect(() => classifierTargets(null)).toThrow(/requires y to be passed/);
    expect(() => classifierTargets(undefined)).toThrow(/requires y to be passed/);
    expect(() => classifierTargets(5)).toThrow(/array of labels/);
    expect(() => classifierTargets([1, null, 2])).toThrow(/y\[1\] is null/);
    expect(() => classifierTargets([[1, 2]])).toThrow(/multi-output/);
    expect(() => classifierTargets(['a', 'b', 'c'], { maxClasses: 2 })).toThrow(
      /3 distinct classes.*limit of 2/,
    );
  });
});
