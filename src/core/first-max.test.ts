import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstMaxPerRow } from './first-max.js';

describe('firstMaxPerRow', () => {
  it('takes the first of tied maxima, per row', () => {
    expect(Array.from(firstMaxPerRow([1, 3, 3, 5, 5, 0, -1, -2, -3], 3, 3))).toEqual([1, 0, 0]);
  });

  it('agrees with indexOf(max) on finite rows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 60 }),
        (K, vals) => {
          const rows = Math.floor(vals.length / K);
          const got = firstMaxPerRow(vals, rows, K);
          for (let i = 0; i < rows; i++) {
            const row = vals.slice(i * K, i * K + K);
            expect(got[i]).toBe(row.indexOf(Math.max(...row)));
          }
        },
      ),
    );
  });
});
