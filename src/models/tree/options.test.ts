/**
 * The scikit-learn 1.2 tree options checked against identities that need no fixture: integer
 * sample weights act as duplicated rows, class weights as per-class sample weights, zero-weight
 * rows as absent rows; maxLeafNodes bounds the leaves, ccpAlpha prunes monotonically; bad weights
 * and values beyond float32 get typed errors; every new parameter round-trips a checkpoint.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { DecisionTreeClassifier } from './decision-tree.js';
import { pruningPath } from './prune.js';

function data(n: number, d: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  const y = X.map(
    (r) =>
      ((r[0] as number) + (r[1] as number) * (r[2] as number) > 0.3 ? 1 : 0) + (rng.next() < 0.1 ? 1 : 0),
  );
  return { X, y };
}

const nodes = (m: DecisionTreeClassifier) => {
  const t = m.tree!;
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    value: Array.from(t.value),
    weight: Array.from(t.weightedNSamples),
  };
};

describe('DecisionTreeClassifier sample and class weights', () => {
  const { X, y } = data(240, 5, 1);

  it('integer sample weights grow the tree of the correspondingly duplicated rows', async () => {
    const rng = new Rng(2);
    const w = X.map(() => 1 + rng.int(3));
    const Xd: number[][] = [];
    const yd: number[] = [];
    X.forEach((r, i) => {
      for (let k = 0; k < (w[i] as number); k++) {
        Xd.push(r);
        yd.push(y[i] as number);
      }
    });
    const weighted = await new DecisionTreeClassifier({ maxDepth: 6 }).fit(X, y, { sampleWeight: w });
    const dup = await new DecisionTreeClassifier({ maxDepth: 6 }).fit(Xd, yd);
    expect(nodes(weighted)).toEqual(nodes(dup));
    // sample counts count distinct rows (scikit-learn's n_node_samples), weights the duplicates
    expect(weighted.tree!.nSamples[0]).toBe(X.length);
    expect(dup.tree!.nSamples[0]).toBe(Xd.length);
    expect(await weighted.predictProba(X)).toEqual(await dup.predictProba(X));
  });

  it("splitter 'hist' takes integer weights and counts rows for minSamplesLeaf (real weights: 'best')", async () => {
    const rng = new Rng(9);
    const Xg = Array.from({ length: 1500 }, () => Array.from({ length: 4 }, () => rng.int(40) / 4));
    const yg = Xg.map((r) => ((r[0] as number) + (r[1] as number) > 9 ? 1 : 0) ^ (rng.next() < 0.1 ? 1 : 0));
    const w = Xg.map(() => 1 + rng.int(3));
    const Xd: number[][] = [];
    const yd: number[] = [];
    Xg.forEach((r, i) => {
      for (let k = 0; k < (w[i] as number); k++) {
        Xd.push(r);
        yd.push(yg[i] as number);
      }
    });
    const hist = await new DecisionTreeClassifier({ splitter: 'hist', maxDepth: 7 }).fit(Xg, yg, {
      sampleWeight: w,
    });
    const dup = await new DecisionTreeClassifier({ splitter: 'hist', maxDepth: 7 }).fit(Xd, yd);
    expect(nodes(hist)).toEqual(nodes(dup));
    // minSamplesLeaf counts rows: the histograms count rows next to weights (few distinct values:
    // the same tree as the exact splitter)
    const a = await new DecisionTreeClassifier({ splitter: 'hist', minSamplesLeaf: 4 }).fit(Xg, yg, {
      sampleWeight: w,
    });
    const b = await new DecisionTreeClassifier({ splitter: 'best', minSamplesLeaf: 4 }).fit(Xg, yg, {
      sampleWeight: w,
    });
    expect(nodes(a)).toEqual(nodes(b));
    // real weights: the exact splitter runs
    const rw = w.map((v) => v * 0.3);
    const c = await new DecisionTreeClassifier({ splitter: 'hist' }).fit(Xg, yg, { sampleWeight: rw });
    const e = await new DecisionTreeClassifier({ splitter: 'best' }).fit(Xg, yg, { sampleWeight: rw });
    expect(nodes(c)).toEqual(nodes(e));
  });

  it('rows of weight 0 are left out', async () => {
    const w = X.map((_, i) => (i % 3 === 0 ? 0 : 1));
    const keep = X.map((_, i) => i).filter((i) => i % 3 !== 0);
    const a = await new DecisionTreeClassifier().fit(X, y, { sampleWeight: w });
    const b = await new DecisionTreeClassifier().fit(
      keep.map((i) => X[i]!),
      keep.map((i) => y[i]!),
    );
    expect(nodes(a)).toEqual(nodes(b));
  });

  it('classWeight {label: w} equals the sample weights w[y]; balanced is n / (k * count)', async () => {
    const cw = { '0': 2.5, '1': 0.5, '2': 1 };
    const a = await new DecisionTreeClassifier({ classWeight: cw, maxDepth: 5 }).fit(X, y);
    const b = await new DecisionTreeClassifier({ maxDepth: 5 }).fit(X, y, {
      sampleWeight: y.map((c) => cw[String(c) as '0' | '1' | '2']),
    });
    expect(nodes(a)).toEqual(nodes(b));
    const counts = [0, 1, 2].map((c) => y.filter((v) => v === c).length);
    const bal = await new DecisionTreeClassifier({ classWeight: 'balanced', maxDepth: 1 }).fit(X, y);
    const root = Array.from(bal.tree!.value.subarray(0, 3));
    for (let c = 0; c < 3; c++) expect(root[c]).toBeCloseTo((counts[c]! * y.length) / (3 * counts[c]!), 9);
  });

  it('minWeightFractionLeaf keeps that share of the total weight in every leaf', async () => {
    const w = X.map((_, i) => 0.5 + (i % 4));
    const total = w.reduce((s, v) => s + v, 0);
    const m = await new DecisionTreeClassifier({ minWeightFractionLeaf: 0.05 }).fit(X, y, {
      sampleWeight: w,
    });
    const t = m.tree!;
    let leaves = 0;
    for (let i = 0; i < t.nodeCount; i++) {
      if (t.left[i] !== -1) continue;
      leaves++;
      expect(t.weightedNSamples[i]).toBeGreaterThanOrEqual(0.05 * total - 1e-9);
    }
    expect(leaves).toBeGreaterThan(2);
  });

  it('rejects bad sample weights with typed errors', async () => {
    const m = new DecisionTreeClassifier();
    await expect(m.fit(X, y, { sampleWeight: [1, 2] })).rejects.toThrow(DataError);
    await expect(m.fit(X, y, { sampleWeight: X.map((_, i) => (i === 3 ? -1 : 1)) })).rejects.toThrow(
      /sampleWeight\[3\]/,
    );
    await expect(m.fit(X, y, { sampleWeight: X.map(() => 0) })).rejects.toThrow(/all zero/);
    await expect(m.fit([[1e39], [0], [1]], [0, 1, 0])).rejects.toThrow(/float32/);
  });
});

describe('DecisionTreeClassifier growth and pruning options', () => {
  const { X, y } = data(400, 4, 3);

  it('maxLeafNodes bounds the leaves and grows the best splits first', async () => {
    const full = await new DecisionTreeClassifier().fit(X, y);
    for (const k of [2, 5, 17]) {
      const m = await new DecisionTreeClassifier({ maxLeafNodes: k }).fit(X, y);
      expect(m.nLeaves).toBe(Math.min(k, full.nLeaves));
    }
    // two leaves: the root split, which is the best split of the full tree too
    const stump = await new DecisionTreeClassifier({ maxLeafNodes: 2 }).fit(X, y);
    expect(stump.tree!.feature[0]).toBe(full.tree!.feature[0]);
    expect(stump.tree!.threshold[0]).toBe(full.tree!.threshold[0]);
  });

  it('ccpAlpha prunes more as it grows, down to the root at the last path alpha', async () => {
    const path = await new DecisionTreeClassifier().costComplexityPruningPath(X, y);
    expect(path.ccpAlphas[0]).toBe(0);
    for (let i = 1; i < path.ccpAlphas.length; i++) {
      expect(path.ccpAlphas[i]!).toBeGreaterThanOrEqual(path.ccpAlphas[i - 1]!);
      expect(path.impurities[i]!).toBeGreaterThanOrEqual(path.impurities[i - 1]! - 1e-15);
    }
    let prev = Number.POSITIVE_INFINITY;
    for (const a of [0, 0.001, 0.005, 0.02]) {
      const m = await new DecisionTreeClassifier({ ccpAlpha: a }).fit(X, y);
      expect(m.nLeaves).toBeLessThanOrEqual(prev);
      prev = m.nLeaves;
    }
    const last = path.ccpAlphas[path.ccpAlphas.length - 1]!;
    expect((await new DecisionTreeClassifier({ ccpAlpha: last }).fit(X, y)).nLeaves).toBe(1);
    // the path of a pruned tree's parameters is the full tree's (ccpAlpha is set to 0)
    const pruned = await new DecisionTreeClassifier({ ccpAlpha: 0.01 }).fit(X, y);
    const again = await pruned.costComplexityPruningPath(X, y);
    expect(again).toEqual(path);
    expect(pruningPath(pruned.tree!).ccpAlphas.length).toBeLessThan(path.ccpAlphas.length);
  });

  it("criterion 'log_loss' is 'entropy'", async () => {
    const a = await new DecisionTreeClassifier({ criterion: 'log_loss' }).fit(X, y);
    const b = await new DecisionTreeClassifier({ criterion: 'entropy' }).fit(X, y);
    expect(nodes(a)).toEqual(nodes(b));
  });

  it("splitter 'random' is seeded: same seed same tree, another seed another", async () => {
    const a = await new DecisionTreeClassifier({ splitter: 'random', seed: 5 }).fit(X, y);
    const b = await new DecisionTreeClassifier({ splitter: 'random', seed: 5 }).fit(X, y);
    const c = await new DecisionTreeClassifier({ splitter: 'random', seed: 6 }).fit(X, y);
    expect(nodes(a)).toEqual(nodes(b));
    expect(nodes(a)).not.toEqual(nodes(c));
    // fully grown on distinct rows: every training row ends in a pure leaf of its own class
    const leaves = a.apply(X);
    for (const leaf of leaves) expect(a.tree!.left[leaf]).toBe(-1);
    expect(await a.predict(X)).toEqual(y);
  });

  it('round-trips every new parameter through a checkpoint', async () => {
    const params = {
      criterion: 'log_loss' as const,
      maxLeafNodes: 9,
      ccpAlpha: 0.001,
      minWeightFractionLeaf: 0.01,
      classWeight: { '0': 1.5, '1': 1, '2': 0.75 },
      splitter: 'random' as const,
      seed: 3,
    };
    const m = await new DecisionTreeClassifier(params).fit(X, y);
    const back = DecisionTreeClassifier.loadCheckpoint(JSON.stringify(m.saveCheckpoint()));
    expect(back.getParams()).toEqual(m.getParams());
    expect(back.getParams()).toMatchObject(params);
    expect((await back.predictProba(X)).data).toEqual((await m.predictProba(X)).data);
    expect(Array.from(back.tree!.weightedNSamples)).toEqual(Array.from(m.tree!.weightedNSamples));
  });

  it('publishes the new parameters in its ParamSpec table', () => {
    const names = new DecisionTreeClassifier().paramSpecs.map((s) => s.name);
    for (const n of [
      'maxLeafNodes',
      'ccpAlpha',
      'minWeightFractionLeaf',
      'classWeight',
      'criterion',
      'splitter',
    ])
      expect(names).toContain(n);
    const splitter = new DecisionTreeClassifier().paramSpecs.find((s) => s.name === 'splitter')!;
    expect(splitter.options).toContain('random');
    const criterion = new DecisionTreeClassifier().paramSpecs.find((s) => s.name === 'criterion')!;
    expect(criterion.options).toContain('log_loss');
  });
});
