/**
 * The histogram splitter on a device whose kernels answer later (as GPU devices do): the float64
 * reference kernels behind promises must grow exactly the trees the synchronous host path grows,
 * in every mode (full histograms with subtraction, per-feature direct mode, rows mode, best-first).
 */
import { describe, expect, it } from 'vitest';
import { treeReference } from '../../core/kernels/reference/tree.js';
import type { TreeKernels } from '../../core/kernels/tree.js';
import { Rng } from '../../core/rng.js';
import { fitTree, prepareFeatures } from './fit-tree.js';
import type { GrowParams } from './grow.js';

/** The reference kernels, each result handed back a macrotask later. */
const deferred: TreeKernels = {
  binMatrix: (X, edges) => new Promise((ok) => setImmediate(() => ok(treeReference.binMatrix(X, edges)))),
  classHistogram: (...args) =>
    new Promise((ok) => setImmediate(() => ok(treeReference.classHistogram(...args)))),
  forestPredict: (f, X) => new Promise((ok) => setImmediate(() => ok(treeReference.forestPredict(f, X)))),
};

function data(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < d; j++) {
      const v = j % 2 === 0 ? rng.int(12) : rng.normal();
      X[i * d + j] = v;
      z += (j + 1) * v * (j % 3 === 0 ? -1 : 1);
    }
    y[i] = z + rng.normal() * 3 < -2 ? 0 : z < 4 ? 1 : 2;
  }
  return { X: { rows: n, cols: d, data: X }, y };
}

const base: GrowParams = {
  criterion: 'gini',
  maxDepth: Infinity,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: 6,
  minImpurityDecrease: 0,
  maxLeafNodes: Infinity,
  ccpAlpha: 0,
};

describe('fitTree on kernels that answer with promises', () => {
  const { X, y } = data(1500, 6, 3);
  const rng = new Rng(9);
  const bootstrap = Int32Array.from({ length: 1500 }, () => rng.int(1500));
  const modes: [string, Partial<GrowParams>, boolean][] = [
    ['full histograms (subtraction trick)', {}, false],
    ['direct mode (3 of 6 features per split), bootstrap weights', { maxFeatures: 3 }, true],
    ['rows mode (weights, minSamplesLeaf 3), entropy', { minSamplesLeaf: 3, criterion: 'entropy' }, true],
    ['best-first (maxLeafNodes 40)', { maxLeafNodes: 40 }, false],
  ];
  for (const [name, over, boot] of modes) {
    it(`grows the synchronous path's tree: ${name}`, async () => {
      const p = { ...base, ...over };
      const sample = boot ? { idx: bootstrap } : {};
      const hostPrep = await prepareFeatures(treeReference, X, 'hist', 64);
      const devPrep = await prepareFeatures(deferred, X, 'hist', 64);
      const host = await fitTree(treeReference, hostPrep, y, 3, p, 5, sample);
      const dev = await fitTree(deferred, devPrep, y, 3, p, 5, sample);
      expect(host.nodeCount).toBeGreaterThan(20);
      expect(dev.toState()).toEqual(host.toState());
    });
  }
});
