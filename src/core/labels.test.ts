import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { encodeLabels } from './labels.js';

/** Reference: sorted distinct values, index lookup (the definition, no fast path). */
function reference(values: readonly (number | string)[]) {
  const classes = [...new Set(values)].sort((a, b) =>
    typeof a === 'number' ? (a as number) - (b as number) : a < b ? -1 : a > b ? 1 : 0,
  );
  return { classes, y: Int32Array.from(values, (v) => classes.indexOf(v)) };
}

describe('encodeLabels', () => {
  it('agrees with the definition on small integers (fast path), wide integers, floats and strings', () => {
    const arbs = [
      fc.array(fc.integer({ min: -3, max: 5 }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 30 }),
      fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 40 }),
    ];
    for (const arb of arbs) {
      fc.assert(
        fc.property(arb, (values) => {
          const got = encodeLabels(values as (number | string)[]);
          const want = reference(values as (number | string)[]);
          expect(got.classes).toEqual(want.classes);
          expect(Array.from(got.y)).toEqual(Array.from(want.y));
        }),
      );
    }
  });

  it('accepts typed arrays and rejects mixed or non-finite labels', () => {
    expect(encodeLabels(Int32Array.from([2, 0, 2])).classes).toEqual([0, 2]);
    expect(() => encodeLabels([1, 'a'])).toThrow(DataError);
    expect(() => encodeLabels([1, Number.NaN])).toThrow(DataError);
    expect(() => encodeLabels([1, Number.POSITIVE_INFINITY])).toThrow(DataError);
  });
});
