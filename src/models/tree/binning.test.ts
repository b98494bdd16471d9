import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceKernelSet } from '../../core/kernels/registry.js';
import { BIN_STRIDE, binFeatures, rankFeatures } from './binning.js';

/** Reference bin: smallest b with x <= edge_b, where edges are the upper bounds binMax of bins 0..nBins-2. */
function upperEdges(binMax: Float64Array, f: number, nBins: number): number[] {
  return Array.from({ length: nBins - 1 }, (_, b) => binMax[f * BIN_STRIDE + b] as number);
}

describe('binFeatures', () => {
  it('gives every distinct value its own bin when there are at most maxBins of them', async () => {
    const col = [3, 1, 2, 3, 3, 1, 10, -4];
    const b = await binFeatures(
      referenceKernelSet,
      { rows: col.length, cols: 1, data: Float64Array.from(col) },
      255,
    );
    expect(b.nBins[0]).toBe(5);
    const order = [-4, 1, 2, 3, 10];
    expect(Array.from(b.codes)).toEqual(col.map((v) => order.indexOf(v)));
    for (let k = 0; k < 5; k++) {
      expect(b.binMin[k]).toBe(order[k]);
      expect(b.binMax[k]).toBe(order[k]);
    }
  });

  it('codes agree with a binary search over the edges, and respect maxBins (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -5, max: 5 })), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.integer({ min: 2, max: 40 }),
        async (values, maxBins) => {
          const b = await binFeatures(
            referenceKernelSet,
            { rows: values.length, cols: 1, data: Float64Array.from(values) },
            maxBins,
          );
          const nb = b.nBins[0] as number;
          expect(nb).toBeLessThanOrEqual(maxBins);
          // values are binned as float32 (scikit-learn's dtype)
          const distinct = new Set(values.map((v) => Math.fround(v))).size;
          const edges = distinct <= maxBins ? null : upperEdges(b.binMax, 0, nb);
          values.forEach((x64, i) => {
            const x = Math.fround(x64);
            const code = b.codes[i] as number;
            expect(code).toBeLessThan(nb);
            if (edges) {
              let ref = 0;
              while (ref < edges.length && x > (edges[ref] as number)) ref++;
              expect(code).toBe(ref);
            } else {
              // one bin per value, in increasing order
              expect(b.binMin[code] === x).toBe(true); // === : -0 and 0 share a bin
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('allocates shared codes on request', async () => {
    const b = await binFeatures(
      referenceKernelSet,
      { rows: 3, cols: 2, data: Float64Array.from([1, 2, 3, 4, 5, 6]) },
      255,
      true,
    );
    expect(b.codes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(b.codes)).toEqual([0, 1, 2, 0, 1, 2]);
  });
});

describe('rankFeatures', () => {
  it('gives dense ranks into the sorted distinct values', () => {
    const X = { rows: 5, cols: 2, data: Float64Array.from([5, 0, 1, 0, 5, 1, -2, 7, 1, 0]) };
    const r = rankFeatures(X);
    expect(Array.from(r.values.subarray(r.offsets[0], r.offsets[1]))).toEqual([-2, 1, 5]);
    expect(Array.from(r.values.subarray(r.offsets[1], r.offsets[2]))).toEqual([0, 1, 7]);
    expect(Array.from(r.ranks)).toEqual([2, 1, 2, 0, 1, 0, 0, 1, 2, 0]);
  });

  it('ranks float32 values: -0 equals 0 (kept as -0 when the column has one), values equal in float32 tie', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, -0, 1, -1, 1 + 1e-9, -1e-40, 2.5, -3.25, 1e30), {
          minLength: 1,
          maxLength: 40,
        }),
        (col) => {
          const r = rankFeatures({ rows: col.length, cols: 1, data: Float64Array.from(col) });
          // the float32 values sorted (-0 before 0) and deduplicated with ===, as a rank's value
          const f32 = col.map((v) => Math.fround(v));
          const sorted = Float64Array.from(f32).sort();
          const uniq: number[] = [];
          for (const v of sorted) if (uniq.length === 0 || uniq[uniq.length - 1] !== v) uniq.push(v);
          expect(Array.from(r.values)).toEqual(uniq); // toEqual tells -0 from 0
          expect(Array.from(r.ranks)).toEqual(f32.map((v) => uniq.indexOf(v)));
        },
      ),
    );
  });
});
