/**
 * RandomForestClassifier vs scikit-learn 1.2.1 beyond the defaults (fixtures written by
 * src/models/tree/fixtures/gen_parity_nondefault.py): 30 trees, seeds 0..9, sampled configurations
 * (minSamplesLeaf / Split, maxLeafNodes, minWeightFractionLeaf, ccpAlpha, log_loss, classWeight
 * 'balanced' / 'balanced_subsample', sampleWeight, maxSamples).
 *
 * Our forest draws scikit-learn's tree random states, bootstrap samples and feature orders for the
 * same seed, and weights the bootstrap like it (counts as sample weights), so where every weight
 * sum is exact in float64 (integer counts, dyadic sample weights) the predictions are scikit-learn's
 * for every seed. Class weights of the form n / (k * count) are not exact: rounding-level ties can
 * break differently there, so those configurations are held to scikit-learn's accuracy range.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from './random-forest.js';

interface ForestCase {
  params: Record<string, unknown>;
  sampleWeight: number[] | null;
  accuracies: number[];
  predictions: number[][];
  mean: number;
  min: number;
  max: number;
}
const fx = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn-forest-nondefault.json', import.meta.url), 'utf8'),
) as { X: number[][]; y: number[]; nTrain: number; nEstimators: number; cases: Record<string, ForestCase> };

const Xtr = fx.X.slice(0, fx.nTrain);
const ytr = fx.y.slice(0, fx.nTrain);
const Xte = fx.X.slice(fx.nTrain);
const yte = fx.y.slice(fx.nTrain);
/** Class weights n / (k * count): weight sums round, so only the accuracy range is compared. */
const INEXACT = new Set(['balanced', 'balanced_subsample']);

async function fitPredict(
  c: ForestCase,
  seed: number,
  extra: Record<string, unknown> = {},
): Promise<number[]> {
  const m = await new RandomForestClassifier({
    ...c.params,
    nEstimators: fx.nEstimators,
    seed,
    ...extra,
  }).fit(Xtr, ytr, { sampleWeight: c.sampleWeight });
  return (await m.predict(Xte)) as number[];
}

const accuracy = (p: number[]) => p.filter((v, i) => v === yte[i]).length / yte.length;

describe('RandomForestClassifier vs scikit-learn 1.2.1, sampled non-default configurations', () => {
  for (const [key, c] of Object.entries(fx.cases)) {
    if (INEXACT.has(key)) {
      it(`${key} ${JSON.stringify(c.params)}: accuracy over 10 seeds inside scikit-learn's seed range`, async () => {
        const accs: number[] = [];
        for (let seed = 0; seed < 10; seed++) accs.push(accuracy(await fitPredict(c, seed)));
        const mean = accs.reduce((s, v) => s + v, 0) / accs.length;
        expect(mean, `ours ${accs.join(', ')} vs sklearn [${c.min}, ${c.max}]`).toBeGreaterThanOrEqual(c.min);
        expect(mean).toBeLessThanOrEqual(c.max);
        for (const a of accs) {
          expect(a).toBeGreaterThanOrEqual(c.min - 0.01);
          expect(a).toBeLessThanOrEqual(c.max + 0.01);
        }
      });
    } else {
      it(`${key} ${JSON.stringify(c.params)}${c.sampleWeight ? ' + sampleWeight' : ''}: scikit-learn's predictions for seeds 0..9`, async () => {
        for (let seed = 0; seed < 10; seed++) {
          const p = await fitPredict(c, seed);
          expect(p, `seed ${seed}`).toEqual(c.predictions[seed]);
          expect(accuracy(p)).toBeCloseTo(c.accuracies[seed]!, 12);
        }
      });
    }
  }
});

describe('RandomForestClassifier bootstrap weighting, warm start and nJobs', () => {
  it('counts distinct rows for minSamplesLeaf: bootstrap duplicates are weights, not extra samples', async () => {
    const m = await new RandomForestClassifier({ nEstimators: 5, minSamplesLeaf: 5, seed: 1 }).fit(Xtr, ytr);
    let heavier = 0;
    for (const t of m.trees) {
      for (let i = 0; i < t.nodeCount; i++) {
        if (t.left[i] !== -1) continue;
        expect(t.nSamples[i]).toBeGreaterThanOrEqual(5);
        if ((t.weightedNSamples[i] as number) > (t.nSamples[i] as number)) heavier++;
      }
      // the root holds the distinct drawn rows, weighing the whole bootstrap sample
      expect(t.weightedNSamples[0]).toBe(Xtr.length);
      expect(t.nSamples[0]).toBeLessThan(Xtr.length);
    }
    expect(heavier).toBeGreaterThan(0);
  });

  it('the histogram splitter weights bootstrap counts and counts distinct rows like the exact one', async () => {
    // few distinct values per feature: one bin per value, so 'hist' must grow the exact trees
    const Xg = Xtr.map((r) => r.map((v) => Math.round(v * 4) / 4));
    for (const extra of [
      { minSamplesLeaf: 4 },
      { minSamplesLeaf: 2, maxLeafNodes: 25, criterion: 'entropy' as const },
    ]) {
      const p = { nEstimators: 4, seed: 7, ...extra };
      const h = await new RandomForestClassifier({ ...p, splitter: 'hist' }).fit(Xg, ytr);
      const b = await new RandomForestClassifier({ ...p, splitter: 'best' }).fit(Xg, ytr);
      expect((await h.predictProba(Xte)).data).toEqual((await b.predictProba(Xte)).data);
      expect(h.trees.map((t) => Array.from(t.nSamples))).toEqual(b.trees.map((t) => Array.from(t.nSamples)));
    }
  });

  it('warmStart adds trees: 10 then 30 trees is the 30-tree forest (and scikit-learn`s)', async () => {
    const c = fx.cases.leaf5!;
    const warm = new RandomForestClassifier({ ...c.params, nEstimators: 10, seed: 4, warmStart: true });
    await warm.fit(Xtr, ytr);
    const first = warm.trees.slice();
    warm.setUp({ nEstimators: 30 });
    await warm.fit(Xtr, ytr);
    expect(warm.trees.length).toBe(30);
    expect(warm.trees.slice(0, 10)).toEqual(first);
    expect(await warm.predict(Xte)).toEqual(c.predictions[4]);
    // fitting again with the same nEstimators adds nothing; fewer is an error
    await warm.fit(Xtr, ytr);
    expect(warm.trees.length).toBe(30);
    warm.setUp({ nEstimators: 20 });
    await expect(warm.fit(Xtr, ytr)).rejects.toThrow(/nEstimators/);
    expect(warm.trees.length).toBe(30);
    expect(await warm.predict(Xte)).toEqual(c.predictions[4]);
    // other classes or features cannot extend the forest
    warm.setUp({ nEstimators: 40 });
    await expect(
      warm.fit(
        Xtr.map((r) => r.slice(1)),
        ytr,
      ),
    ).rejects.toThrow(/warmStart/);
  });

  it('is identical with nJobs 1 and 2 for weighted, pruned, best-first forests', async () => {
    const params = {
      nEstimators: 6,
      seed: 2,
      maxLeafNodes: 20,
      ccpAlpha: 0.002,
      classWeight: 'balanced_subsample' as const,
    };
    const sw = fx.cases.sample_weight!.sampleWeight;
    const a = await new RandomForestClassifier({ ...params, nJobs: 1 }).fit(Xtr, ytr, { sampleWeight: sw });
    const b = await new RandomForestClassifier({ ...params, nJobs: 2 }).fit(Xtr, ytr, { sampleWeight: sw });
    expect((await b.predictProba(Xte)).data).toEqual((await a.predictProba(Xte)).data);
    expect(b.saveCheckpoint().state).toEqual(a.saveCheckpoint().state);
  });

  it("classWeight 'balanced_subsample' without bootstrap is 'balanced'; maxSamples needs bootstrap", async () => {
    const p = { nEstimators: 3, bootstrap: false, seed: 1, maxDepth: 6 };
    const a = await new RandomForestClassifier({ ...p, classWeight: 'balanced_subsample' }).fit(Xtr, ytr);
    const b = await new RandomForestClassifier({ ...p, classWeight: 'balanced' }).fit(Xtr, ytr);
    expect(a.saveCheckpoint().state).toEqual(b.saveCheckpoint().state);
    await expect(
      new RandomForestClassifier({ bootstrap: false, maxSamples: 0.5 }).fit(Xtr, ytr),
    ).rejects.toThrow(/maxSamples/);
  });

  it('round-trips the new parameters through a checkpoint', async () => {
    const m = await new RandomForestClassifier({
      nEstimators: 4,
      maxLeafNodes: 12,
      minWeightFractionLeaf: 0.01,
      ccpAlpha: 0.001,
      criterion: 'log_loss',
      classWeight: { '0': 2, '1': 1, '2': 0.5 },
      warmStart: true,
    }).fit(Xtr, ytr);
    const back = RandomForestClassifier.loadCheckpoint(JSON.stringify(m.saveCheckpoint()));
    expect(back.getParams()).toEqual(m.getParams());
    expect((await back.predictProba(Xte)).data).toEqual((await m.predictProba(Xte)).data);
    // a restored warm-start forest grows on: the same trees as one 8-tree fit
    back.setUp({ nEstimators: 8 });
    await back.fit(Xtr, ytr);
    const once = await new RandomForestClassifier({ ...m.getParams(), nEstimators: 8 }).fit(Xtr, ytr);
    expect((await back.predictProba(Xte)).data).toEqual((await once.predictProba(Xte)).data);
    expect(Array.from(back.featureImportances!)).toEqual(Array.from(once.featureImportances!));
    // without warmStart the checkpoint is smaller and cannot be extended
    const plain = await new RandomForestClassifier({ nEstimators: 3 }).fit(Xtr, ytr);
    const restored = RandomForestClassifier.loadCheckpoint(plain.saveCheckpoint());
    restored.setUp({ warmStart: true, nEstimators: 5 });
    await expect(restored.fit(Xtr, ytr)).rejects.toThrow(/warmStart/);
    expect(restored.trees.length).toBe(3);
  });
});
