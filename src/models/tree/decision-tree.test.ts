import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { DecisionTreeClassifier } from './decision-tree.js';
import type { TreeStore } from './tree-store.js';

interface SkTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  impurity: number[];
  nSamples: number[];
  depth: number;
  nLeaves: number;
  featureImportances: number[];
}
interface Case {
  X?: number[][];
  y?: number[];
  params: Record<string, number | string>;
  trees: SkTree[];
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const cases = fixture('sklearn-trees.json') as Record<string, Case>;
const iris = fixture('iris.json') as { X: number[][]; y: number[] };

/** Why `t` differs from scikit-learn's tree `s`, or null when they are the same tree. */
function diff(t: TreeStore, imp: Float64Array, s: SkTree): string | null {
  const n = t.nodeCount;
  if (n !== s.feature.length) return `node count ${n} vs ${s.feature.length}`;
  for (let i = 0; i < n; i++) {
    if (t.feature[i] !== s.feature[i] || t.left[i] !== s.left[i] || t.right[i] !== s.right[i])
      return `node ${i} structure`;
    if (t.nSamples[i] !== s.nSamples[i]) return `node ${i} samples`;
    // scikit-learn thresholds are midpoints of float32 values
    if (Math.abs((t.threshold[i] as number) - (s.threshold[i] as number)) > 1e-6)
      return `node ${i} threshold`;
    if (Math.abs((t.impurity[i] as number) - (s.impurity[i] as number)) > 1e-12) return `node ${i} impurity`;
  }
  for (let k = 0; k < s.value.length; k++) if (t.value[k] !== s.value[k]) return `value ${k}`;
  for (let f = 0; f < imp.length; f++) {
    if (Math.abs((imp[f] as number) - (s.featureImportances[f] as number)) > 1e-12) return `importance ${f}`;
  }
  return null;
}

function camel(params: Record<string, number | string>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(params))
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

describe('DecisionTreeClassifier vs scikit-learn 1.2.1 (exact splitter)', () => {
  for (const [name, c] of Object.entries(cases)) {
    for (const splitter of ['best', 'hist'] as const) {
      it(`${name} (${splitter}) grows one of scikit-learn's trees`, async () => {
        const X = c.X ?? iris.X;
        const y = c.y ?? iris.y;
        const model = await new DecisionTreeClassifier({ ...camel(c.params), splitter }).fit(X, y);
        const diffs = c.trees.map((s) => diff(model.tree!, model.featureImportances!, s));
        expect(diffs).toContain(null);
        const match = c.trees[diffs.indexOf(null)] as SkTree;
        expect(model.depth).toBe(match.depth);
        expect(model.nLeaves).toBe(match.nLeaves);
      });
    }
  }

  it('predicts the training labels of Iris except the duplicated conflicting points', async () => {
    const model = await new DecisionTreeClassifier().fit(iris.X, iris.y);
    const pred = await model.predict(iris.X);
    const correct = pred.filter((p, i) => p === iris.y[i]).length;
    expect(correct).toBe(150); // Iris has no identical rows with different labels
    const proba = await model.predictProba(iris.X);
    for (let i = 0; i < 150; i++) expect(proba.data[i * 3 + (iris.y[i] as number)]).toBe(1);
  });
});

describe('predict', () => {
  /** The first maximum of the raw (weighted) class counts of each row's leaf, by apply() and tree.value. */
  function leafArgmax(model: DecisionTreeClassifier, X: number[][]): (number | string)[] {
    const tree = model.tree!;
    const K = tree.nClasses;
    return Array.from(model.apply(X), (leaf) => {
      let best = 0;
      for (let k = 1; k < K; k++)
        if ((tree.value[leaf * K + k] as number) > (tree.value[leaf * K + best] as number)) best = k;
      return model.classes![best] as number | string;
    });
  }

  it('is the first maximum of the leaf counts, ties to the first class', async () => {
    // identical points with conflicting labels: leaves whose counts tie
    const X = [[0], [0], [1], [1], [1], [2], [2], [2]];
    const y = ['b', 'a', 'c', 'b', 'a', 'c', 'c', 'a'];
    const model = await new DecisionTreeClassifier().fit(X, y);
    const pred = await model.predict(X);
    expect(pred).toEqual(leafArgmax(model, X));
    expect(pred.slice(0, 5)).toEqual(['a', 'a', 'a', 'a', 'a']);
    expect(pred.slice(5)).toEqual(['c', 'c', 'c']);
  });

  it('agrees with the leaf counts on weighted continuous data', async () => {
    const { X, y } = blobs(400, 4, 3, 11);
    const sampleWeight = Array.from({ length: 400 }, (_, i) => 1 + (i % 3));
    const model = await new DecisionTreeClassifier({ maxDepth: 4, seed: 0 }).fit(X, y, { sampleWeight });
    expect(await model.predict(X)).toEqual(leafArgmax(model, X));
  });
});

/** Two Gaussian blobs per class in d dimensions, continuous features (many distinct values). */
function blobs(n: number, d: number, k: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const centers = Array.from({ length: 2 * k }, () => Array.from({ length: d }, () => rng.normal() * 1.5));
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = rng.int(2 * k);
    X.push((centers[c] as number[]).map((m) => m + rng.normal()));
    y.push(c % k);
  }
  return { X, y };
}

async function accuracy(model: DecisionTreeClassifier, X: number[][], y: number[]): Promise<number> {
  const p = await model.predict(X);
  return p.filter((v, i) => v === y[i]).length / y.length;
}

describe('histogram splitter', () => {
  it('stays within 1 accuracy point of the exact splitter on continuous data', async () => {
    const all = blobs(10000, 8, 3, 1);
    const train = { X: all.X.slice(0, 6000), y: all.y.slice(0, 6000) };
    const test = { X: all.X.slice(6000), y: all.y.slice(6000) };
    for (const params of [{ maxDepth: 8 }, { minSamplesLeaf: 5 }]) {
      const exact = await new DecisionTreeClassifier({ ...params, splitter: 'best' }).fit(train.X, train.y);
      const hist = await new DecisionTreeClassifier({ ...params, splitter: 'hist' }).fit(train.X, train.y);
      const a = await accuracy(exact, test.X, test.y);
      const b = await accuracy(hist, test.X, test.y);
      expect(a).toBeGreaterThan(0.6);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(0.01);
    }
  });

  it('splits exactly like the exact splitter when features have few distinct values', async () => {
    const rng = new Rng(3);
    const X = Array.from({ length: 3000 }, () => Array.from({ length: 5 }, () => rng.int(40) / 4));
    const y = X.map((r) => ((r[0] as number) + (r[1] as number) > 9 ? 1 : 0) ^ (rng.next() < 0.1 ? 1 : 0));
    const exact = await new DecisionTreeClassifier({ splitter: 'best', maxDepth: 6 }).fit(X, y);
    const hist = await new DecisionTreeClassifier({ splitter: 'hist', maxDepth: 6 }).fit(X, y);
    expect(Array.from(hist.tree!.feature)).toEqual(Array.from(exact.tree!.feature));
    expect(Array.from(hist.tree!.threshold)).toEqual(Array.from(exact.tree!.threshold));
    expect(Array.from(hist.tree!.value)).toEqual(Array.from(exact.tree!.value));
  });
});

describe('tree parameters and checkpoints', () => {
  it('respects maxDepth, minSamplesLeaf and maxFeatures with a seed', async () => {
    const { X, y } = blobs(2000, 6, 3, 5);
    const shallow = await new DecisionTreeClassifier({ maxDepth: 3 }).fit(X, y);
    expect(shallow.depth).toBeLessThanOrEqual(3);
    const leafy = await new DecisionTreeClassifier({ minSamplesLeaf: 25 }).fit(X, y);
    const t = leafy.tree!;
    for (let i = 0; i < t.nodeCount; i++)
      if (t.left[i] === -1) expect(t.nSamples[i]).toBeGreaterThanOrEqual(25);
    const a = await new DecisionTreeClassifier({ maxFeatures: 'sqrt', seed: 7 }).fit(X, y);
    const b = await new DecisionTreeClassifier({ maxFeatures: 'sqrt', seed: 7 }).fit(X, y);
    const c = await new DecisionTreeClassifier({ maxFeatures: 'sqrt', seed: 8 }).fit(X, y);
    expect(Array.from(a.tree!.threshold)).toEqual(Array.from(b.tree!.threshold));
    expect(Array.from(a.tree!.threshold)).not.toEqual(Array.from(c.tree!.threshold));
    const imp = a.featureImportances!;
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('rejects bad parameters with a ParamError naming them', async () => {
    const { X, y } = blobs(50, 3, 2, 1);
    await expect(new DecisionTreeClassifier({ criterion: 'mse' as never }).fit(X, y)).rejects.toThrow(
      /criterion/,
    );
    await expect(new DecisionTreeClassifier({ minSamplesSplit: 1 }).fit(X, y)).rejects.toThrow(
      /minSamplesSplit/,
    );
    await expect(new DecisionTreeClassifier({ maxFeatures: 4 }).fit(X, y)).rejects.toThrow(/maxFeatures/);
    await expect(new DecisionTreeClassifier({ maxBins: 300 }).fit(X, y)).rejects.toThrow(/maxBins/);
  });

  it('round-trips a checkpoint through JSON to identical predictions', async () => {
    const { X, y } = blobs(1500, 5, 3, 9);
    const labels = y.map((v) => ['a', 'b', 'c'][v] as string);
    const model = await new DecisionTreeClassifier({ splitter: 'hist', maxDepth: 10 }).fit(X, labels);
    const json = JSON.stringify(model.saveCheckpoint());
    const back = DecisionTreeClassifier.loadCheckpoint(json);
    expect(await back.predict(X)).toEqual(await model.predict(X));
    expect((await back.predictProba(X)).data).toEqual((await model.predictProba(X)).data);
    expect(back.featureImportances).toEqual(model.featureImportances);
    expect(() =>
      DecisionTreeClassifier.loadCheckpoint({ ...JSON.parse(json), state: { tree: { feature: [0] } } }),
    ).toThrow(/malformed/);
  });
});
