import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { closeForestPool } from './pool.js';
import { RandomForestClassifier } from './random-forest.js';

function data(n: number, d: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  const y = X.map(
    (r) => ((r[0] as number) + 0.5 * (r[1] as number) > 0 ? 1 : 0) + ((r[2] as number) > 0.8 ? 1 : 0),
  );
  return { X, y };
}

describe('forest worker pool', () => {
  it('reuses its workers across fits and predicts of different forests, and restarts after close', async () => {
    const a = data(300, 5, 1);
    const b = data(200, 4, 2);
    const grow = (d: { X: number[][]; y: number[] }, seed: number, nJobs: number) =>
      new RandomForestClassifier({ nEstimators: 6, seed, nJobs, maxDepth: 8 }).fit(d.X, d.y);
    // interleaved fits of two jobs on the same pooled workers, then a third after closing the pool
    const [a2, b2] = await Promise.all([grow(a, 3, 2), grow(b, 4, 2)]);
    const [a1, b1] = await Promise.all([grow(a, 3, 1), grow(b, 4, 1)]);
    expect(a2.saveCheckpoint().state).toEqual(a1.saveCheckpoint().state);
    expect(b2.saveCheckpoint().state).toEqual(b1.saveCheckpoint().state);
    RandomForestClassifier.parallelPredictMinWork = 0;
    try {
      expect(Array.from((await a2.predictProba(a.X)).data)).toEqual(
        Array.from((await a1.predictProba(a.X)).data),
      );
      await closeForestPool();
      const again = await grow(a, 3, 2);
      expect(again.saveCheckpoint().state).toEqual(a1.saveCheckpoint().state);
      expect(await again.predict(b.X.map((r) => [...r, 0]))).toEqual(
        await a1.predict(b.X.map((r) => [...r, 0])),
      );
    } finally {
      RandomForestClassifier.parallelPredictMinWork = 2_000_000;
    }
  });

  it('never keeps the process alive: a script that fits with nJobs 2 exits on its own', () => {
    const mod = fileURLToPath(new URL('./random-forest.ts', import.meta.url));
    const script = `import { RandomForestClassifier } from ${JSON.stringify(mod)};
      const X = Array.from({ length: 200 }, (_, i) => [i % 7, (i * 13) % 11, i % 3]);
      const y = X.map((r) => (r[0] > 3 ? 1 : 0));
      await new RandomForestClassifier({ nEstimators: 4, nJobs: 2, seed: 1 }).fit(X, y);
      console.log('fitted');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('fitted');
    expect(r.status).toBe(0);
  }, 40_000);
});
