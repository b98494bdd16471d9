import { describe, expect, it } from 'vitest';
import type { PreparedKernelRows } from '../../core/kernels/index.js';
import { referenceKernelSet } from '../../core/kernels/registry.js';
import type { SvmKernelSpec } from '../../core/kernels/svm.js';
import { Rng } from '../../core/rng.js';
import { SvcQ } from './q-matrix.js';
import { solveSmo } from './smo.js';

const n = 120;
const d = 5;
const rng = new Rng(3);
const data = Float64Array.from({ length: n * d }, () => rng.normal());
const X = { rows: n, cols: d, data };
const y = Int8Array.from({ length: n }, (_, i) =>
  (data[i * d] as number) + 0.5 * rng.normal() > 0 ? 1 : -1,
);
const spec: SvmKernelSpec = { kernel: 'rbf', gamma: 0.4, coef0: 0, degree: 3 };

/** The reference rows answering every call with a promise (as a GPU device does). */
function later(p: PreparedKernelRows): PreparedKernelRows & { calls: number } {
  const w = {
    calls: 0,
    kernelRows: async (rows: Int32Array, cols: Int32Array, out: Float32Array, stride: number) => {
      w.calls++;
      await Promise.resolve();
      p.kernelRows(rows, cols, out, stride);
    },
    diagonal: async () => p.diagonal(),
    swap: (i: number, j: number) => p.swap(i, j),
    dispose: () => p.dispose(),
  };
  return w;
}

async function solve(kernel: PreparedKernelRows, cacheBytes: number) {
  const Q = await SvcQ.create(kernel, cacheBytes);
  const C = new Float64Array(n).fill(2);
  return solveSmo(Q, new Float64Array(n).fill(-1), y, C, new Float64Array(n), {
    eps: 1e-3,
    shrinking: true,
    maxIter: -1,
  });
}

describe('SvcQ', () => {
  it('serves y_i y_j K(x_i, x_j) rows, partial and after swaps (rows too short for a swap dropped)', async () => {
    const Q = await SvcQ.create(referenceKernelSet.prepareKernelRows(X, spec, y), 1 << 20);
    const pos = Int32Array.from({ length: n }, (_, i) => i);
    const yy = Int8Array.from(y);
    const expected = (i: number, j: number): number => {
      const a = pos[i] as number;
      const b = pos[j] as number;
      let s = 0;
      for (let k = 0; k < d; k++) s += ((data[a * d + k] as number) - (data[b * d + k] as number)) ** 2;
      return (yy[i] as number) * (yy[j] as number) * Math.exp(-spec.gamma * s);
    };
    const swap = (i: number, j: number): void => {
      Q.swapIndex(i, j);
      [pos[i], pos[j]] = [pos[j] as number, pos[i] as number];
      [yy[i], yy[j]] = [yy[j] as number, yy[i] as number];
    };
    const check = async (i: number, len: number): Promise<void> => {
      const row = await Q.getQ(i, len);
      for (let j = 0; j < len; j++) expect(row[j]).toBeCloseTo(expected(i, j), 6);
      expect(Q.QD[i]).toBe(1);
    };
    await check(3, n);
    await check(7, 40);
    await check(7, n); // extends a partial row
    swap(3, 100);
    swap(0, 7);
    await check(100, n);
    await check(0, 90);
    await check(50, n);
    await check(60, 30);
    swap(10, 50); // row 60 reaches position 10 but not 50: dropped, computed again below
    swap(20, 25); // rows 100, 0, 50 (and 60, were it kept) take this one
    await check(60, n);
    await check(100, n);
    await check(0, 90);
  });

  it('a device answering later (promises) gives the solution of the host, bit for bit', async () => {
    const host = await solve(referenceKernelSet.prepareKernelRows(X, spec, y), 1 << 20);
    // the whole Q fits: the first row brings every row in batches
    const batched = later(referenceKernelSet.prepareKernelRows(X, spec, y));
    const fromBatches = await solve(batched, 1 << 20);
    // a cache of a few rows: one kernelRows call per missing row
    const perRow = later(referenceKernelSet.prepareKernelRows(X, spec, y));
    const fromRows = await solve(perRow, 8 * 4 * n);
    for (const r of [fromBatches, fromRows]) {
      expect(Array.from(r.alpha)).toEqual(Array.from(host.alpha));
      expect(r.rho).toBe(host.rho);
      expect(r.iterations).toBe(host.iterations);
    }
    expect(batched.calls).toBeLessThanOrEqual(2);
    expect(perRow.calls).toBeGreaterThan(n / 2);
    expect(host.iterations).toBeGreaterThan(10);
  });
});
