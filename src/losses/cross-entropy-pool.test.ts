import { afterAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../core/backends/cpu.js';
import { crossEntropySum } from '../core/kernels/reference/linear-loss.js';
import { Rng } from '../core/rng.js';
import { crossEntropy } from './cross-entropy.js';
import { crossEntropyParallel, parallelReady, shutdownCrossEntropyPool } from './cross-entropy-pool.js';
import type { LossBatch } from './types.js';

afterAll(async () => {
  await shutdownCrossEntropyPool();
});

function problem(n: number, d: number, k: number, weighted: boolean, seed: number) {
  const rng = new Rng(seed);
  const nClasses = k === 1 ? 2 : k;
  return {
    X: Float64Array.from({ length: n * d }, () => rng.normal()),
    n,
    d,
    y: Int32Array.from({ length: n }, () => rng.int(nClasses)),
    k,
    fitIntercept: true,
    sampleWeight: weighted ? Float64Array.from({ length: n }, () => 0.5 + rng.next()) : undefined,
  };
}

async function waitReady(): Promise<void> {
  const p = problem(8, 2, 2, false, 0);
  await crossEntropyParallel(p, new Float64Array(6), null, 2); // starts the worker
  const t0 = Date.now();
  while (!parallelReady() && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
}

describe('cross-entropy worker pool', () => {
  it('splits rows over a worker thread and sums to the single-thread value and gradient', async () => {
    await waitReady();
    expect(parallelReady()).toBe(true);
    for (const [k, weighted] of [
      [3, false],
      [1, true],
      [4, true],
    ] as const) {
      const p = problem(2001, 7, k, weighted, k);
      const w = Float64Array.from({ length: (7 + 1) * k }, (_, i) => Math.sin(i));
      const g1 = new Float64Array(w.length);
      const g2 = new Float64Array(w.length);
      const v1 = crossEntropySum(p, w, g1);
      const v2 = await crossEntropyParallel(p, w, g2, 2);
      expect(Math.abs(v1 - v2)).toBeLessThan(1e-9 * Math.abs(v1));
      g1.forEach((v, i) => {
        expect(Math.abs(v - (g2[i] as number))).toBeLessThan(1e-9 * Math.max(1, Math.abs(v)));
      });
      expect(await crossEntropyParallel(p, w, null, 2)).toBeCloseTo(v1, 6);
    }
  });

  it('the loss uses the pool when asked (threads: 2, no size threshold) with the same results', async () => {
    await waitReady();
    const p = problem(3000, 5, 3, false, 9);
    const batch: LossBatch = { X: cpuBackend.fromArray(p.X, [p.n, p.d]), y: p.y, nClasses: 3 };
    const w = Float64Array.from({ length: 18 }, (_, i) => Math.cos(i));
    const serial = await crossEntropy({ threads: 1, l2: 0.5 }).valueAndGrad(cpuBackend, w, batch);
    const loss = crossEntropy({ threads: 2, parallelMinWork: 0, l2: 0.5 });
    for (let rep = 0; rep < 3; rep++) {
      const par = await loss.valueAndGrad(cpuBackend, w, batch);
      expect(Math.abs(par.value - serial.value)).toBeLessThan(1e-9 * Math.abs(serial.value));
      par.grad.forEach((v, i) => {
        expect(Math.abs(v - (serial.grad[i] as number))).toBeLessThan(1e-9 * Math.max(1, Math.abs(v)));
      });
    }
    loss.release(batch, cpuBackend);
  });
});
