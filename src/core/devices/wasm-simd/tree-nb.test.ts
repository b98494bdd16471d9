/**
 * The wasm-simd tree and Gaussian NB kernels against their definitions written as plain loops:
 * codes (x read as float32, values on edges), histograms of row subsets with and without weights,
 * forests of one and many trees (row counts not a multiple of the four-row walk), class moments
 * (an empty class included) and the joint log-likelihood with odd class counts.
 */
import { describe, expect, it } from 'vitest';
import type { FlatForest } from '../../kernels/tree.js';
import { Rng } from '../../rng.js';
import { simdNb } from './nb.js';
import { simdTree } from './tree.js';

function matrix(rng: Rng, rows: number, cols: number) {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(rng.normal() * 40) / 16 + rng.next() * 1e-9;
  return { rows, cols, data };
}

/** A random full tree of the given depth over d features, sibling-adjacent, appended to arrays. */
function growTree(
  rng: Rng,
  depth: number,
  d: number,
  K: number,
  nodes: { feat: number[]; thr: number[]; child: number[]; proba: number[] },
) {
  const root = nodes.feat.length;
  nodes.feat.push(0);
  nodes.thr.push(0);
  nodes.child.push(0);
  const grow = (i: number, level: number) => {
    if (level === depth || rng.next() < 0.15) {
      nodes.feat[i] = -1;
      nodes.child[i] = nodes.proba.length / K;
      const p = Array.from({ length: K }, () => rng.next());
      const s = p.reduce((a, b) => a + b, 0);
      nodes.proba.push(...p.map((v) => v / s));
      return;
    }
    nodes.feat[i] = rng.int(d);
    nodes.thr[i] = Math.round(rng.normal() * 40) / 16;
    const left = nodes.feat.length;
    nodes.child[i] = left;
    nodes.feat.push(0, 0);
    nodes.thr.push(0, 0);
    nodes.child.push(0, 0);
    grow(left, level + 1);
    grow(left + 1, level + 1);
  };
  grow(root, 0);
}

describe('wasm-simd tree kernels', () => {
  it('codes count the edges below fround(x)', () => {
    const rng = new Rng(3);
    const X = matrix(rng, 53, 5);
    X.data[0] = Math.fround(0.1);
    X.data[1] = Number.NaN;
    const edges = [
      new Float64Array([]),
      new Float64Array([0]),
      Float64Array.from({ length: 255 }, (_, b) => -4 + b / 32),
      new Float64Array([0.1, 0.5, 1]),
      Float64Array.from({ length: 40 }, (_, b) => -2 + b / 10),
    ];
    const b = simdTree.binMatrix(X, edges) as { codes: Uint8Array; nBins: Int32Array };
    expect(Array.from(b.nBins)).toEqual(edges.map((e) => e.length + 1));
    for (let f = 0; f < 5; f++)
      for (let i = 0; i < 53; i++) {
        const x = Math.fround(X.data[i * 5 + f] as number);
        expect(b.codes[f * 53 + i]).toBe((edges[f] as Float64Array).filter((e) => e < x).length);
      }
  });

  for (const weighted of [false, true]) {
    it(`histograms add the samples of rows[s..e) (weights ${weighted})`, () => {
      const rng = new Rng(weighted ? 5 : 6);
      const n = 70;
      const d = 3;
      const K = 3;
      const X = matrix(rng, n, d);
      const edges = Array.from({ length: d }, () => Float64Array.from({ length: 9 }, (_, b) => -2 + b / 2));
      const b = simdTree.binMatrix(X, edges) as import('../../kernels/tree.js').BinnedMatrix;
      const y = Int32Array.from({ length: n }, () => rng.int(K));
      const w = weighted ? Float64Array.from({ length: n }, () => rng.int(4)) : null;
      const rows = Int32Array.from({ length: n }, (_, i) => (i * 37) % n);
      const out = Float64Array.from({ length: d * 256 * K }, () => rng.int(3));
      const want = out.slice();
      for (let i = 11; i < 60; i++) {
        const r = rows[i] as number;
        for (let f = 0; f < d; f++)
          want[(f * 256 + (b.codes[f * n + r] as number)) * K + (y[r] as number)] += w ? (w[r] as number) : 1;
      }
      simdTree.classHistogram(b, y, w, K, rows, 11, 60, out);
      expect(Array.from(out)).toEqual(Array.from(want));
    });
  }

  for (const [nTrees, n] of [
    [1, 9],
    [7, 30],
  ] as const) {
    it(`forest prediction is the tree-order mean of the leaf distributions (${nTrees} trees, ${n} rows)`, () => {
      const rng = new Rng(nTrees * 100 + n);
      const d = 4;
      const K = 3;
      const nodes = {
        feat: [] as number[],
        thr: [] as number[],
        child: [] as number[],
        proba: [] as number[],
      };
      const offsets = [0];
      for (let t = 0; t < nTrees; t++) {
        growTree(rng, 6, d, K, nodes);
        offsets.push(nodes.feat.length);
      }
      const forest: FlatForest = {
        nTrees,
        nClasses: K,
        offsets: Int32Array.from(offsets),
        feat: Int32Array.from(nodes.feat),
        thr: Float64Array.from(nodes.thr),
        child: Int32Array.from(nodes.child),
        proba: Float64Array.from(nodes.proba),
      };
      const X = matrix(rng, n, d);
      X.data[2] = forest.thr[0] as number;
      const want = new Float64Array(n * K);
      for (let t = 0; t < nTrees; t++)
        for (let r = 0; r < n; r++) {
          let i = offsets[t] as number;
          while ((forest.feat[i] as number) >= 0) {
            const x = Math.fround(X.data[r * d + (forest.feat[i] as number)] as number);
            i = (forest.child[i] as number) + (x > (forest.thr[i] as number) ? 1 : 0);
          }
          for (let k = 0; k < K; k++)
            want[r * K + k] += forest.proba[(forest.child[i] as number) * K + k] as number;
        }
      for (let j = 0; j < want.length; j++) want[j] = (want[j] as number) / nTrees;
      expect(Array.from(simdTree.forestPredict(forest, X) as Float64Array)).toEqual(Array.from(want));
      // again: the forest is resident now
      expect(Array.from(simdTree.forestPredict(forest, X) as Float64Array)).toEqual(Array.from(want));
    });
  }
});

describe('wasm-simd naive Bayes kernels', () => {
  for (const weighted of [false, true]) {
    it(`class moments are the weighted count, mean and biased variance (weights ${weighted})`, () => {
      const rng = new Rng(weighted ? 8 : 9);
      const n = 45;
      const d = 5;
      const K = 4;
      const X = matrix(rng, n, d);
      const y = Int32Array.from({ length: n }, () => rng.int(3));
      const w = weighted ? Float64Array.from({ length: n }, () => rng.next() * 2) : null;
      const m = simdNb.classMoments(X, y, w, K) as {
        count: Float64Array;
        mean: Float64Array;
        variance: Float64Array;
      };
      for (let c = 0; c < K; c++) {
        const idx = Array.from({ length: n }, (_, i) => i).filter((i) => y[i] === c);
        const wt = (i: number) => (w ? (w[i] as number) : 1);
        const cnt = idx.reduce((a, i) => a + wt(i), 0);
        expect(m.count[c]).toBeCloseTo(cnt, 12);
        for (let j = 0; j < d; j++) {
          const mu = idx.reduce((a, i) => a + wt(i) * (X.data[i * d + j] as number), 0) / cnt;
          const v = idx.reduce((a, i) => a + wt(i) * ((X.data[i * d + j] as number) - mu) ** 2, 0) / cnt;
          if (c === 3) {
            expect(m.mean[c * d + j]).toBeNaN();
            continue;
          }
          expect(Math.abs((m.mean[c * d + j] as number) - mu)).toBeLessThan(1e-12 * (1 + Math.abs(mu)));
          expect(Math.abs((m.variance[c * d + j] as number) - v)).toBeLessThan(1e-12 * (1 + v));
        }
      }
    });
  }

  for (const K of [1, 2, 3]) {
    it(`joint log-likelihood with ${K} classes, bit for bit (features left to right)`, () => {
      const rng = new Rng(K);
      const n = 13;
      const d = 7;
      const X = matrix(rng, n, d);
      const theta = matrix(rng, K, d).data;
      const invVar = Float64Array.from({ length: K * d }, () => 0.1 + rng.next());
      const logConst = Float64Array.from({ length: K }, () => rng.normal());
      const got = simdNb.jointLogLikelihood(X, theta, invVar, logConst) as Float64Array;
      expect(got.length).toBe(n * K);
      for (let i = 0; i < n; i++)
        for (let c = 0; c < K; c++) {
          let s = 0;
          for (let j = 0; j < d; j++) {
            const t = (X.data[i * d + j] as number) - (theta[c * d + j] as number);
            s += t * t * (invVar[c * d + j] as number);
          }
          expect(got[i * K + c]).toBe((logConst[c] as number) - 0.5 * s);
        }
    });
  }
});
