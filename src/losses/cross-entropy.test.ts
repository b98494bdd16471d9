import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../core/backend.js';
import { cpuBackend } from '../core/backends/cpu.js';
import { availableDeviceNames, getBackend, registerBackend, unregisterBackend } from '../core/devices.js';
import { ParamError, ShapeError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { crossEntropy } from './cross-entropy.js';
import fixtures from './fixtures/cross-entropy-sklearn.json' with { type: 'json' };
import type { LossBatch } from './types.js';

interface Fixture {
  name: string;
  n: number;
  d: number;
  nClasses: number;
  k: number;
  fitIntercept: boolean;
  X: number[];
  y: number[];
  sampleWeight: number[] | null;
  l2: number;
  w: number[];
  value: number;
  grad: number[];
}

/**
 * The real cpu backend's ops, registered under another device name while the float64 tests run: the
 * loss then gets that device's kernels, composed from these ops (so they are checked in float64).
 */
const cpuOps: Backend = { ...cpuBackend, name: 'tfjs-cpu' };

function batchOf(backend: Backend, f: Fixture): LossBatch {
  return {
    X: backend.fromArray(f.X, [f.n, f.d]),
    y: Int32Array.from(f.y),
    nClasses: f.nClasses,
    ...(f.sampleWeight ? { sampleWeight: Float64Array.from(f.sampleWeight) } : {}),
  };
}

/** Straightforward reference: loops, log-sum-exp written out. */
function naive(f: Fixture, w: Float64Array): number {
  let total = 0;
  const { n, d, k } = f;
  for (let i = 0; i < n; i++) {
    const z: number[] = [];
    for (let c = 0; c < k; c++) {
      let s = f.fitIntercept ? (w[k * d + c] as number) : 0;
      for (let j = 0; j < d; j++) s += (f.X[i * d + j] as number) * (w[c * d + j] as number);
      z.push(s);
    }
    const sw = f.sampleWeight ? (f.sampleWeight[i] as number) : 1;
    if (k === 1) {
      const p = 1 / (1 + Math.exp(-(z[0] as number)));
      total += -sw * (f.y[i] === 1 ? Math.log(p) : Math.log(1 - p));
    } else {
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
      total += sw * (lse - (z[f.y[i] as number] as number));
    }
  }
  let sq = 0;
  for (let i = 0; i < k * d; i++) sq += (w[i] as number) ** 2;
  return total + 0.5 * f.l2 * sq;
}

const cases = fixtures as Fixture[];

describe('crossEntropy in float64', () => {
  beforeAll(() => registerBackend(cpuOps));
  afterAll(() => unregisterBackend('tfjs-cpu'));

  describe('crossEntropy vs scikit-learn LinearModelLoss (value and gradient)', () => {
    for (const f of cases) {
      for (const [label, backend] of [
        ['cpu fused', cpuBackend],
        ['composed backend ops', cpuOps],
      ] as const) {
        it(`${f.name} on ${label}`, async () => {
          const loss = crossEntropy({ fitIntercept: f.fitIntercept, l2: f.l2 });
          const batch = batchOf(backend, f);
          const w = Float64Array.from(f.w);
          const { value, grad } = await loss.valueAndGrad(backend, w, batch);
          expect(value).toBeCloseTo(f.value, 10);
          expect(await loss.value(backend, w, batch)).toBeCloseTo(f.value, 10);
          expect(value).toBeCloseTo(naive(f, w), 10);
          grad.forEach((g, i) => {
            expect(g).toBeCloseTo(f.grad[i] as number, 10);
          });
          loss.release(batch, backend);
        });
      }
    }
  });

  describe('crossEntropy gradient vs central finite differences', () => {
    it('matches on random problems (multinomial and binary, with/without intercept)', async () => {
      const rng = new Rng(7);
      for (const [k, nClasses, fitIntercept] of [
        [3, 3, true],
        [1, 2, true],
        [2, 2, false],
        [5, 5, true],
      ] as const) {
        const n = 30;
        const d = 4;
        const X = Float64Array.from({ length: n * d }, () => rng.normal() * 2);
        const y = Int32Array.from({ length: n }, () => rng.int(nClasses));
        const batch: LossBatch = { X: cpuBackend.fromArray(X, [n, d]), y, nClasses };
        const loss = crossEntropy({ fitIntercept, l2: 0.3 });
        const w = Float64Array.from({ length: (d + (fitIntercept ? 1 : 0)) * k }, () => rng.normal());
        const { grad } = await loss.valueAndGrad(cpuBackend, w, batch);
        const h = 1e-6;
        for (let i = 0; i < w.length; i++) {
          const wp = w.slice();
          const wm = w.slice();
          wp[i] = (wp[i] as number) + h;
          wm[i] = (wm[i] as number) - h;
          const fd =
            ((await loss.value(cpuBackend, wp, batch)) - (await loss.value(cpuBackend, wm, batch))) / (2 * h);
          expect(Math.abs((grad[i] as number) - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
        }
      }
    });

    it('stays finite for extreme logits (stable log-sum-exp / softplus) on both paths', async () => {
      const f: Fixture = { ...(cases[0] as Fixture), l2: 0 };
      const w = Float64Array.from(f.w, (v) => v * 1e4);
      for (const b of [cpuBackend, cpuOps]) {
        const { value, grad } = await crossEntropy().valueAndGrad(b, w, batchOf(b, f));
        expect(Number.isFinite(value)).toBe(true);
        expect(grad.every(Number.isFinite)).toBe(true);
      }
      const fb: Fixture = { ...(cases[2] as Fixture), l2: 0 };
      const wb = Float64Array.from(fb.w, (v) => v * 1e4);
      const a = await crossEntropy().valueAndGrad(cpuBackend, wb, batchOf(cpuBackend, fb));
      const b = await crossEntropy().valueAndGrad(cpuOps, wb, batchOf(cpuOps, fb));
      expect(b.value).toBeCloseTo(a.value, 6);
    });
  });

  describe('crossEntropy errors', () => {
    it('rejects a parameter vector of the wrong size and a bad l2', async () => {
      const f = cases[0] as Fixture;
      await expect(
        crossEntropy().valueAndGrad(cpuBackend, new Float64Array(5), batchOf(cpuBackend, f)),
      ).rejects.toThrow(ShapeError);
      expect(() => crossEntropy({ l2: -1 })).toThrow(ParamError);
    });
  });
});

const floatDevices = (['tfjs-cpu', 'wasm'] as const).filter((d) => availableDeviceNames().includes(d));

describe.skipIf(floatDevices.length === 0)('crossEntropy on float32 tfjs devices agrees with cpu', () => {
  for (const device of floatDevices) {
    it(device, async () => {
      const backend = await getBackend(device);
      for (const f of cases) {
        const loss = crossEntropy({ fitIntercept: f.fitIntercept, l2: f.l2 });
        const batch = batchOf(backend, f);
        const { value, grad } = await loss.valueAndGrad(backend, Float64Array.from(f.w), batch);
        expect(Math.abs(value - f.value)).toBeLessThan(1e-4 * Math.abs(f.value));
        grad.forEach((g, i) => {
          expect(Math.abs(g - (f.grad[i] as number))).toBeLessThan(
            1e-4 * Math.max(1, Math.abs(f.grad[i] as number)),
          );
        });
        loss.release(batch, backend);
        backend.dispose(batch.X);
      }
    });
  }
});
