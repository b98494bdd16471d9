import { afterAll, describe, expect, it } from 'vitest';
import { closePool, inSharedMemory, poolSize, runTask, taskOf, warmThreads, warmUp } from '../../pool.js';
import { Rng } from '../../rng.js';
import { setThreadCap } from '../../worker.js';
import { withBlockBytes } from './heap.js';
import { simdNb } from './nb.js';
import { chunkCount, MOMENT_CHUNK_ROWS } from './nb-moments.js';
import { MOMENTS_PARALLEL_MIN_VALUES, momentHelpers } from './nb-pool.js';
import { type ChunkMomentsTask, momentsOfChunks } from './nb-tasks.js';

interface Moments {
  count: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
}
const flat = (m: Moments) => [...m.count, ...m.mean, ...m.variance];

function problem(n: number, d: number, K: number, seed: number) {
  const rng = new Rng(seed);
  const data = Float64Array.from({ length: n * d }, () => rng.normal() * 3 + 50);
  // class K - 1 only in the first rows: absent from the later chunks
  const y = Int32Array.from({ length: n }, (_, i) => (i < 100 ? K - 1 : rng.int(K - 1)));
  const w = Float64Array.from({ length: n }, () => 0.1 + rng.next() * 3);
  return { X: { rows: n, cols: d, data }, y, w };
}

describe('wasm-simd class moments in chunks', () => {
  afterAll(async () => {
    setThreadCap(Number.POSITIVE_INFINITY);
    await closePool();
  });
  const K = 4;
  const d = 3;
  const n = 3 * MOMENT_CHUNK_ROWS + 77;
  const { X, y, w } = problem(n, d, K, 5);

  for (const weights of [null, w]) {
    it(`folds the chunks into the two-pass moments (weights ${weights !== null})`, () => {
      const got = simdNb.classMoments(X, y, weights, K) as Moments;
      for (let c = 0; c < K; c++) {
        let W = 0;
        const s = new Float64Array(d);
        for (let i = 0; i < n; i++) {
          if (y[i] !== c) continue;
          const wi = weights ? (weights[i] as number) : 1;
          W += wi;
          for (let j = 0; j < d; j++) s[j] = (s[j] as number) + wi * (X.data[i * d + j] as number);
        }
        expect(Math.abs((got.count[c] as number) - W)).toBeLessThan(1e-9 * W);
        for (let j = 0; j < d; j++) {
          const mu = (s[j] as number) / W;
          let v = 0;
          for (let i = 0; i < n; i++) {
            if (y[i] !== c) continue;
            const t = (X.data[i * d + j] as number) - mu;
            v += (weights ? (weights[i] as number) : 1) * t * t;
          }
          v /= W;
          expect(Math.abs((got.mean[c * d + j] as number) - mu)).toBeLessThan(1e-12 * Math.abs(mu));
          expect(Math.abs((got.variance[c * d + j] as number) - v)).toBeLessThan(1e-11 * v);
        }
      }
    });

    it(`gives the same bits whatever the cache block size (weights ${weights !== null})`, () => {
      const whole = flat(withBlockBytes(1 << 30, () => simdNb.classMoments(X, y, weights, K) as Moments));
      for (const bytes of [1, 12 * d * 8, 1000 * d * 8]) {
        expect(flat(withBlockBytes(bytes, () => simdNb.classMoments(X, y, weights, K) as Moments))).toEqual(
          whole,
        );
      }
    });
  }

  it('gives a class of total weight 0 NaN moments, as one pass does', () => {
    const zero = Float64Array.from(w, (v, i) => (y[i] === K - 1 ? 0 : v));
    const m = simdNb.classMoments(X, y, zero, K) as Moments;
    expect(m.count[K - 1]).toBe(0);
    expect(m.mean[(K - 1) * d]).toBeNaN();
    expect(m.variance[(K - 1) * d]).toBeNaN();
  });

  it('computes chunks on a pool thread as on this one', async () => {
    const task: ChunkMomentsTask = {
      X: inSharedMemory(X.data),
      y: inSharedMemory(y),
      weights: inSharedMemory(w),
      d,
      K,
      chunks: chunkCount(n),
    };
    const remote = await runTask<Float64Array>(taskOf(import.meta.url, 'nb-tasks', 'momentsOfChunks', task));
    expect(Array.from(remote)).toEqual(Array.from(momentsOfChunks(task)));
  }, 60_000);

  it('splits a shared matrix over the pool with the same bits as one thread', async () => {
    const big = problem(Math.ceil(MOMENTS_PARALLEL_MIN_VALUES / 8) + 1000, 8, 3, 6);
    const shared = { ...big.X, data: inSharedMemory(big.X.data) };
    setThreadCap(1);
    expect(momentHelpers(shared.data, shared.rows, 8)).toBe(0);
    const one = [
      flat(simdNb.classMoments(shared, big.y, null, 3) as Moments),
      flat(simdNb.classMoments(shared, big.y, big.w, 3) as Moments),
    ];
    setThreadCap(Number.POSITIVE_INFINITY);
    if (poolSize() < 2) return;
    warmUp(poolSize());
    for (let t = 0; t < 300 && warmThreads() < 1; t++) await new Promise((r) => setTimeout(r, 50));
    expect(momentHelpers(shared.data, shared.rows, 8)).toBeGreaterThan(0);
    expect(momentHelpers(big.X.data, shared.rows, 8)).toBe(0); // not shared: this thread alone
    const split = simdNb.classMoments(shared, big.y, null, 3);
    expect(split).toBeInstanceOf(Promise);
    expect(flat(await split)).toEqual(one[0]);
    expect(flat(await simdNb.classMoments(shared, big.y, big.w, 3))).toEqual(one[1]);
  }, 60_000);
});
