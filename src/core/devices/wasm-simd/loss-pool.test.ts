import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, warmThreads, warmUp } from '../../pool.js';
import { Rng } from '../../rng.js';
import { simdLinear, withResidentLossMax } from './linear.js';
import { splitBounds, withoutSlowFallback } from './loss-pool.js';

afterAll(async () => {
  await closePool();
});

async function poolReady(): Promise<void> {
  warmUp(1);
  const t0 = Date.now();
  while (warmThreads() < 1 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
}

function problem(n: number, d: number, k: number, weighted: boolean, seed: number) {
  const rng = new Rng(seed);
  const classes = k === 1 ? 2 : k;
  return {
    X: { rows: n, cols: d, data: Float64Array.from({ length: n * d }, () => rng.normal()) },
    y: Int32Array.from({ length: n }, () => rng.int(classes)),
    sw: weighted ? Float64Array.from({ length: n }, () => 0.5 + rng.next()) : null,
  };
}

/** Value and gradient of rows [start, end) on one thread. */
function serial(p: ReturnType<typeof problem>, k: number, w: Float64Array, start: number, end: number) {
  const d = p.X.cols;
  const loss = simdLinear.prepareLinearLoss({
    X: { rows: end - start, cols: d, data: p.X.data.subarray(start * d, end * d) },
    y: p.y.subarray(start, end),
    k,
    fitIntercept: true,
    sampleWeight: p.sw ? p.sw.subarray(start, end) : null,
  });
  const grad = new Float64Array(w.length);
  const value = loss.valueAndGrad(w, grad) as number;
  loss.dispose();
  return { value, grad };
}

describe('threaded wasm-simd cross-entropy', () => {
  it('splits rows in multiples of four', () => {
    expect(splitBounds(2001, 2)).toEqual([0, 1004, 2001]);
    expect(splitBounds(10, 3)).toEqual([0, 4, 8, 10]);
  });

  it.skipIf(availableParallelism() < 2)(
    'is the calling thread part plus the pool thread part, resident or streamed, with or without weights',
    async () => {
      await poolReady();
      expect(warmThreads()).toBeGreaterThanOrEqual(1);
      for (const [k, weighted] of [
        [3, false],
        [1, true],
        [4, true],
      ] as const) {
        const p = problem(2001, 7, k, weighted, k);
        const w = Float64Array.from({ length: 8 * k }, (_, i) => Math.sin(i) * 0.5);
        const [, mid] = splitBounds(2001, 2) as [number, number];
        const a = serial(p, k, w, 0, mid);
        const b = serial(p, k, w, mid, 2001);
        const whole = serial(p, k, w, 0, 2001);
        for (const residentMax of [1 << 30, 0]) {
          // on a busy machine the split may not pay: keep it anyway, its sums are the point here
          const loss = withoutSlowFallback(() =>
            withResidentLossMax(residentMax, () =>
              simdLinear.prepareLinearLoss({
                X: p.X,
                y: p.y,
                k,
                fitIntercept: true,
                sampleWeight: p.sw,
                threads: 2,
              }),
            ),
          );
          for (let rep = 0; rep < 3; rep++) {
            const grad = new Float64Array(w.length);
            const value = await loss.valueAndGrad(w, grad);
            // the split's sums, bit for bit, and within rounding of one pass over X
            expect(value).toBe(a.value + b.value);
            expect(Array.from(grad)).toEqual(Array.from(a.grad, (g, i) => g + (b.grad[i] as number)));
            expect(Math.abs(value - whole.value)).toBeLessThan(1e-12 * Math.abs(whole.value));
            expect(await loss.valueAndGrad(w, null)).toBe(value);
          }
          loss.dispose();
          expect(() => loss.valueAndGrad(w, null)).toThrow(/after dispose/);
        }
      }
    },
  );
});
