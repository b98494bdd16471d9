/**
 * The kernel cache changes how often a Q row is computed, never its value, so the SMO path does
 * not depend on it: SvcQ under any cache size (rows evicted, partial rows extended, entries copied
 * by symmetry, rows dropped on swaps) gives the solution of an uncached Q bit for bit, on the float64
 * reference kernels and on wasm-simd. A mid-size multiclass fit is also pinned to the iteration
 * counts and dual coefficients of the implementation before the cache was reworked.
 */
import { describe, expect, it } from 'vitest';
import { simdSvm } from '../../core/devices/wasm-simd/svm.js';
import type { PreparedKernelRows } from '../../core/kernels/index.js';
import { referenceKernelSet } from '../../core/kernels/registry.js';
import type { SvmKernelSpec } from '../../core/kernels/svm.js';
import { Rng } from '../../core/rng.js';
import { makeClassification } from '../../datasets/make-classification.js';
import { StandardScaler } from '../../datasets/scalers.js';
import { type QMatrix, SvcQ } from './q-matrix.js';
import { solveSmo } from './smo.js';
import { SVC } from './svc.js';

/** Every row computed in full on every call: no cache at all. */
class UncachedQ implements QMatrix {
  private readonly all: Int32Array;
  private readonly buf: [Float32Array, Float32Array];
  private turn = 0;

  constructor(
    private readonly kernel: PreparedKernelRows,
    readonly QD: Float64Array,
  ) {
    const l = QD.length;
    this.all = Int32Array.from({ length: l }, (_, j) => j);
    this.buf = [new Float32Array(l), new Float32Array(l)];
  }

  getQ(i: number): Float32Array {
    this.turn ^= 1;
    const row = this.buf[this.turn] as Float32Array;
    const one = Int32Array.of(i);
    const done = this.kernel.kernelRows(one, this.all, row, this.all.length);
    if (done !== undefined) throw new Error('host kernels answer now');
    return row;
  }

  swapIndex(i: number, j: number): void {
    this.kernel.swap(i, j);
    const t = this.QD[i] as number;
    this.QD[i] = this.QD[j] as number;
    this.QD[j] = t;
  }
}

const n = 700;
const d = 6;
const rng = new Rng(11);
const data = Float64Array.from({ length: n * d }, () => rng.normal());
const X = { rows: n, cols: d, data };
const y = Int8Array.from({ length: n }, (_, i) =>
  (data[i * d] as number) * (data[i * d + 1] as number) + 0.3 * rng.normal() > 0 ? 1 : -1,
);
const spec: SvmKernelSpec = { kernel: 'rbf', gamma: 0.5, coef0: 0, degree: 3 };
const C = new Float64Array(n).fill(4);
const opts = { eps: 1e-3, shrinking: true, maxIter: -1 };

async function solveWith(Q: QMatrix) {
  return solveSmo(Q, new Float64Array(n).fill(-1), y, C, new Float64Array(n), opts);
}

describe('SvcQ cache vs no cache', () => {
  for (const [name, prepare] of [
    ['reference', () => referenceKernelSet.prepareKernelRows(X, spec, y)],
    ['wasm-simd', () => simdSvm.prepareKernelRows(X, spec, y)],
  ] as const) {
    it(`${name}: every cache size walks the uncached path bit for bit`, async () => {
      const k0 = prepare();
      const QD = Float64Array.from(await k0.diagonal());
      const ref = await solveWith(new UncachedQ(k0, QD));
      expect(ref.iterations).toBeGreaterThan(300);
      expect(ref.converged).toBe(true);
      // 2 rows, a tenth of the rows (evictions, partial rows), everything
      for (const cacheBytes of [0, 4 * n * 70, 4 * n * n]) {
        const Q = await SvcQ.create(prepare(), cacheBytes);
        const r = await solveWith(Q);
        expect(r.iterations).toBe(ref.iterations);
        expect(r.rho).toBe(ref.rho);
        expect(Array.from(r.alpha)).toEqual(Array.from(ref.alpha));
      }
    });
  }
});

/** FNV-1a over the float64 bytes: a change in any bit of any value changes it. */
function fnv(a: Float64Array): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (let k = 0; k < b.length; k++) h = Math.imul(h ^ (b[k] as number), 0x01000193) >>> 0;
  return h.toString(16);
}

describe('SVC fit pinned to the previous implementation', () => {
  it('3 classes, 1400 x 20, small cache (shrinking, evictions): iterations, dual coefficients, rho', async () => {
    const g = makeClassification({
      nSamples: 1400,
      nFeatures: 20,
      nInformative: 10,
      nRedundant: 2,
      nClasses: 3,
      seed: 0,
    });
    const Xs = new StandardScaler().fit(g.X).transform(g.X);
    for (const device of ['cpu', 'wasm-simd'] as const) {
      const m = new SVC({ cacheSize: 0.5, nJobs: 1 });
      m.setUp({}, device);
      await m.fit(Xs, Array.from(g.y));
      expect({
        device,
        nIter: Array.from(m.nIter),
        nSupport: Array.from(m.nSupport),
        dualCoef: fnv(m.dualCoef.data),
        intercept: fnv(m.intercept),
      }).toEqual({
        device,
        nIter: [912, 873, 996],
        nSupport: [315, 361, 376],
        dualCoef: '2e0c1f89',
        intercept: '440956b3',
      });
    }
  });
});
