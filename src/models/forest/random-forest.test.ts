import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { DecisionTreeClassifier } from '../tree/decision-tree.js';
import { RandomForestClassifier } from './random-forest.js';

const iris = JSON.parse(readFileSync(new URL('../tree/fixtures/iris.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
};
const sk = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn-forest.json', import.meta.url), 'utf8'),
) as Record<string, { mean: number; min: number; max: number }>;

/** Noisy continuous 3-class data (two Gaussian blobs per class). */
function blobs(n: number, d: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const centers = Array.from({ length: 6 }, () => Array.from({ length: d }, () => rng.normal()));
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = rng.int(6);
    X.push((centers[c] as number[]).map((m) => m + rng.normal()));
    y.push(c % 3);
  }
  return { X, y };
}

describe('RandomForestClassifier', () => {
  it('is identical with nJobs 1 and 2 (worker threads sharing the binned matrix)', async () => {
    const { X, y } = blobs(12000, 6, 4); // > 10000 samples: histogram splitter
    const Xq = X.slice(0, 500);
    const a = await new RandomForestClassifier({ nEstimators: 6, seed: 3, nJobs: 1, maxDepth: 12 }).fit(X, y);
    const b = await new RandomForestClassifier({ nEstimators: 6, seed: 3, nJobs: 2, maxDepth: 12 }).fit(X, y);
    expect(await b.predict(Xq)).toEqual(await a.predict(Xq));
    expect((await b.predictProba(Xq)).data).toEqual((await a.predictProba(Xq)).data);
    expect(b.featureImportances).toEqual(a.featureImportances);
    // predictions split over 2 worker threads are bitwise identical too
    const saved = RandomForestClassifier.parallelPredictMinWork;
    RandomForestClassifier.parallelPredictMinWork = 0;
    try {
      expect((await b.predictProba(X)).data).toEqual((await a.predictProba(X)).data);
    } finally {
      RandomForestClassifier.parallelPredictMinWork = saved;
    }
    const c = await new RandomForestClassifier({ nEstimators: 6, seed: 4, nJobs: 1, maxDepth: 12 }).fit(X, y);
    expect((await c.predictProba(Xq)).data).not.toEqual((await a.predictProba(Xq)).data);
  });

  it('is identical with nJobs 1 and 2 with the exact splitter (ranks shared with the workers)', async () => {
    const { X, y } = blobs(1500, 4, 6); // <= 2000 samples: 'auto' picks the exact splitter
    const a = await new RandomForestClassifier({ nEstimators: 4, seed: 9, nJobs: 1 }).fit(X, y);
    const b = await new RandomForestClassifier({ nEstimators: 4, seed: 9, nJobs: 2 }).fit(X, y);
    expect((await b.predictProba(X)).data).toEqual((await a.predictProba(X)).data);
    expect(b.trees.map((t) => t.nodeCount)).toEqual(a.trees.map((t) => t.nodeCount));
  });

  it('gives an out-of-bag score on Iris in the range of scikit-learn over seeds', async () => {
    for (const [key, params] of [
      ['iris_oob_50', {}],
      ['iris_oob_50_entropy_maxsamples07', { criterion: 'entropy' as const, maxSamples: 0.7 }],
    ] as const) {
      const ref = sk[key]!;
      const scores: number[] = [];
      for (let seed = 0; seed < 5; seed++) {
        const m = await new RandomForestClassifier({ ...params, nEstimators: 50, oobScore: true, seed }).fit(
          iris.X,
          iris.y,
        );
        scores.push(m.oobScore!);
        expect(m.oobDecisionFunction!.rows).toBe(150);
      }
      const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
      expect(Math.abs(mean - ref.mean)).toBeLessThan(0.02);
      for (const s of scores) {
        expect(s).toBeGreaterThanOrEqual(ref.min - 0.03);
        expect(s).toBeLessThanOrEqual(ref.max + 0.03);
      }
    }
  });

  it('averages tree probabilities (soft voting) and beats a single tree on held-out data', async () => {
    const { X, y } = blobs(3000, 5, 8);
    const train = { X: X.slice(0, 2000), y: y.slice(0, 2000) };
    const forest = await new RandomForestClassifier({ nEstimators: 30, seed: 1 }).fit(train.X, train.y);
    const proba = await forest.predictProba(X.slice(2000, 2010));
    for (let i = 0; i < 10; i++) {
      let s = 0;
      let mean = 0;
      for (let k = 0; k < 3; k++) s += proba.data[i * 3 + k] as number;
      // mean of the trees' leaf distributions for class 0
      for (const t of forest.trees) {
        const leaf = t.leafOf(Float64Array.from(X[2000 + i] as number[]), 5, 0);
        mean +=
          (t.value[leaf * 3] as number) /
          ((t.value[leaf * 3] as number) +
            (t.value[leaf * 3 + 1] as number) +
            (t.value[leaf * 3 + 2] as number));
      }
      expect(s).toBeCloseTo(1, 12);
      expect(proba.data[i * 3]).toBeCloseTo(mean / forest.trees.length, 12);
    }
    const tree = await new DecisionTreeClassifier({ seed: 1 }).fit(train.X, train.y);
    const acc = async (m: { predict(x: number[][]): Promise<unknown[]> }) =>
      (await m.predict(X.slice(2000))).filter((p, i) => p === y[2000 + i]).length / 1000;
    expect(await acc(forest)).toBeGreaterThan((await acc(tree)) + 0.02);
    const imp = forest.featureImportances!;
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('round-trips a checkpoint to identical predictions', async () => {
    const m = await new RandomForestClassifier({ nEstimators: 8, oobScore: true }).fit(iris.X, iris.y);
    const json = JSON.stringify(m.saveCheckpoint());
    const back = RandomForestClassifier.loadCheckpoint(json);
    expect((await back.predictProba(iris.X)).data).toEqual((await m.predictProba(iris.X)).data);
    expect(back.oobScore).toBe(m.oobScore);
    expect(back.trees.length).toBe(8);
  });

  it('rejects inconsistent parameters', async () => {
    await expect(
      new RandomForestClassifier({ bootstrap: false, oobScore: true }).fit(iris.X, iris.y),
    ).rejects.toThrow(/oobScore/);
    await expect(new RandomForestClassifier({ nJobs: 0 }).fit(iris.X, iris.y)).rejects.toThrow(/nJobs/);
    await expect(new RandomForestClassifier({ maxSamples: 1000 }).fit(iris.X, iris.y)).rejects.toThrow(
      /maxSamples/,
    );
    await expect(new RandomForestClassifier({ nEstimators: 0 }).fit(iris.X, iris.y)).rejects.toThrow(
      /nEstimators/,
    );
  });
});
