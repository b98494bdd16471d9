import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { encodeLabels } from '../core/labels.js';
import { LabeledMatrixBuilder } from './matrix-builder.js';

describe('LabeledMatrixBuilder', () => {
  it('grows from capacity 1 and keeps every row and label (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.double({ noNaN: true }), fc.constantFrom('b', 'a', 'c', 'Z')), {
          minLength: 1,
          maxLength: 200,
        }),
        (cols, rows) => {
          const b = new LabeledMatrixBuilder(cols, 1);
          rows.forEach(([v, l], i) => {
            b.appendRow(
              Array.from({ length: cols }, (_, j) => v + i + j),
              l,
            );
          });
          const { X, y, classes } = b.finish('string');
          expect(X.rows).toBe(rows.length);
          expect(X.data.length).toBe(rows.length * cols);
          rows.forEach(([v], i) => {
            for (let j = 0; j < cols; j++) expect(X.data[i * cols + j]).toBe(v + i + j);
          });
          const ref = encodeLabels(rows.map(([, l]) => l));
          expect(classes).toEqual(ref.classes);
          expect(y).toEqual(ref.y);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('returns the buffer without copying when it was preallocated exactly', () => {
    const b = new LabeledMatrixBuilder(2, 3);
    const buf = b.slotBuffer();
    for (let i = 0; i < 3; i++) b.appendRow([i, -i], i % 2);
    const { X, classes, y } = b.finish();
    expect(X.data).toBe(buf);
    expect(classes).toEqual([0, 1]);
    expect(Array.from(y)).toEqual([0, 1, 0]);
  });

  it("labelType 'auto' turns all-numeric text labels into numbers, 'number' insists", () => {
    const b = new LabeledMatrixBuilder(1);
    for (const l of ['10', '2', '10', '-3.5']) b.appendRow([0], l);
    expect(b.finish().classes).toEqual([-3.5, 2, 10]);
    const c = new LabeledMatrixBuilder(1);
    c.appendRow([0], 'x');
    expect(() => c.finish('number')).toThrow(DataError);
  });

  it('rejects rows of the wrong width', () => {
    const b = new LabeledMatrixBuilder(3);
    expect(() => b.appendRow([1, 2], 'a')).toThrow(DataError);
  });
});
