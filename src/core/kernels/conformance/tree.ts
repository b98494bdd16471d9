/**
 * Conformance cases of the tree kernels (seeded inputs, edge cases): binning with ties, values on
 * and around edges (float32 rounding, adjacent-float32 midpoints, +-0, huge values), no edges and
 * the full 255; histograms over a subset of permuted rows, unweighted, with integer and real
 * weights, one-feature views, an empty range; forests of one and many trees, K = 2 and K > 2, a
 * root leaf, and rows exactly on thresholds.
 */
import { Rng } from '../../rng.js';
import type { DenseMatrix } from '../contract.js';
import type { BinnedMatrix, FlatForest } from '../tree.js';
import type { KernelCase } from './types.js';

const f32 = Math.fround;

/** The float32 just above a float32 value. */
function nextUp32(x: number): number {
  const b = new Float32Array([x]);
  const u = new Uint32Array(b.buffer);
  if (x >= 0) u[0] = (u[0] as number) + 1;
  else u[0] = (u[0] as number) - 1;
  return b[0] as number;
}

/** Midway between a <= b in float64 (a bin edge / threshold between two float32 values). */
const mid = (a: number, b: number): number => a / 2 + b / 2;

function matrix(rows: number, cols: number, fill: (i: number, j: number) => number): DenseMatrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = fill(i, j);
  return { rows, cols, data };
}

/** Sorted distinct float32 values of column j, and the midpoints between neighbours (<= 255). */
function midEdges(X: DenseMatrix, j: number, maxEdges = 255): Float64Array {
  const v = new Set<number>();
  for (let i = 0; i < X.rows; i++) v.add(f32(X.data[i * X.cols + j] as number));
  const s = Float64Array.from(v).sort();
  const edges: number[] = [];
  const step = Math.max(1, Math.ceil((s.length - 1) / maxEdges));
  for (let b = step; b < s.length; b += step) edges.push(mid(s[b - 1] as number, s[b] as number));
  return Float64Array.from(edges.slice(0, maxEdges));
}

// --- binMatrix -------------------------------------------------------------------------------

/** A column of hand-picked values around its edges (ties, x on an edge, float32 rounding). */
function edgeColumnCase(): { X: DenseMatrix; edges: Float64Array[] } {
  const a = f32(0.1);
  const b = nextUp32(a);
  const big = f32(3e38);
  // edges: -1, 0, midpoint of adjacent float32 a < b, 1 + 2^-30 (no float32), 2, 3e38
  const e0 = Float64Array.from([-1, 0, mid(a, b), 1 + 2 ** -30, 2, big]);
  const vals = [
    -5,
    -1,
    -1,
    -0.9999999,
    0,
    -0,
    0,
    a,
    a,
    b,
    b,
    0.1,
    1,
    1 + 2 ** -30,
    1 + 2 ** -22,
    2,
    2,
    2.0000001,
    big,
    nextUp32(big),
    -big,
    7,
    2 ** -100,
    -(2 ** -100),
    0.5,
    0.5,
    0.5,
  ];
  // column 1: one distinct value, no edges; column 2: integers with midpoints as edges (ties)
  const X = matrix(vals.length, 3, (i, j) => (j === 0 ? (vals[i] as number) : j === 1 ? 4.25 : i % 5));
  return { X, edges: [e0, new Float64Array(0), Float64Array.from([0.5, 1.5, 2.5, 3.5])] };
}

function binCase(name: string, make: () => { X: DenseMatrix; edges: Float64Array[] }): KernelCase {
  return {
    kernel: 'binMatrix',
    name,
    exact: true,
    async run(k) {
      const { X, edges } = make();
      const b = await k.binMatrix(X, edges);
      return [b.codes, b.nBins, b.n, b.d];
    },
  };
}

function randomBinned(seed: number): { X: DenseMatrix; edges: Float64Array[] } {
  const rng = new Rng(seed);
  const X = matrix(700, 6, (_i, j) =>
    j === 0
      ? rng.int(4) // few values: one bin each
      : j === 1
        ? rng.normal() * 1e3
        : j === 2
          ? rng.next() < 0.5
            ? 0
            : rng.next() // many ties at 0
          : j === 3
            ? Math.round(rng.normal() * 20) / 4 // duplicates on quarter steps
            : rng.normal(),
  );
  // column 4: every edge a midpoint of neighbours (255 of them); column 5: coarse edges
  const edges = [0, 1, 2, 3, 4].map((j) => midEdges(X, j, j === 1 ? 63 : 255));
  edges.push(Float64Array.from([-1, -0.25, 0, 0.25, 1]));
  return { X, edges };
}

// --- classHistogram --------------------------------------------------------------------------

interface HistInput {
  readonly b: BinnedMatrix;
  readonly y: Int32Array;
  readonly K: number;
  readonly rows: Int32Array;
}

/** Codes drawn over each feature's bins (some left empty), labels, and a permutation of the rows. */
function histInput(seed: number, n: number, d: number, K: number): HistInput {
  const rng = new Rng(seed);
  const nBins = new Int32Array(d);
  for (let f = 0; f < d; f++) nBins[f] = f === 0 ? 256 : f === 1 ? 1 : 2 + rng.int(60);
  const codes = new Uint8Array(n * d);
  for (let f = 0; f < d; f++)
    for (let i = 0; i < n; i++) {
      const nb = nBins[f] as number;
      // skewed draws: low bins often, the last bin sometimes
      codes[f * n + i] = rng.next() < 0.1 ? nb - 1 : Math.floor(rng.next() ** 2 * nb);
    }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rng.int(K);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  rng.shuffle(rows);
  return { b: { n, d, codes, nBins }, y, K, rows };
}

function histCase(
  name: string,
  seed: number,
  shape: { n: number; d: number; K: number },
  opts: {
    weights?: 'integer' | 'real';
    range: (n: number) => [number, number];
    feature?: number;
    /** Every label K - 1 (how the splitter counts rows in an extra channel). */
    oneLabel?: boolean;
  },
): KernelCase {
  return {
    kernel: 'classHistogram',
    name,
    exact: opts.weights !== 'real',
    async run(k) {
      const inp = histInput(seed, shape.n, shape.d, shape.K);
      const rng = new Rng(seed + 1);
      let weights: Float64Array | null = null;
      if (opts.weights) {
        weights = new Float64Array(shape.n);
        for (let i = 0; i < shape.n; i++)
          weights[i] = opts.weights === 'integer' ? rng.int(4) : rng.next() * 3 + (i % 7 === 0 ? 1e-3 : 0);
      }
      if (opts.oneLabel) inp.y.fill(inp.K - 1);
      const [s, e] = opts.range(shape.n);
      let b = inp.b;
      if (opts.feature !== undefined) {
        const f = opts.feature;
        b = {
          n: b.n,
          d: 1,
          codes: b.codes.subarray(f * b.n, (f + 1) * b.n),
          nBins: b.nBins.subarray(f, f + 1),
        };
      }
      const out = new Float64Array(b.d * 256 * inp.K);
      // out is added to: start from a known, non-zero histogram
      for (let t = 0; t < out.length; t += 17) out[t] = (t % 5) + 1;
      await k.classHistogram(b, inp.y, weights, inp.K, inp.rows, s, e, out);
      return [out];
    },
  };
}

// --- forestPredict ---------------------------------------------------------------------------

/**
 * A forest of random trees in the sibling-adjacent layout (nodes numbered breadth-first, a split's
 * children at `child` and `child + 1`, a leaf's distribution at its own index). Thresholds come
 * from `thresholds(f)`; leaf distributions are normalized random counts (or raw counts).
 */
function randomForest(
  seed: number,
  nTrees: number,
  d: number,
  K: number,
  maxDepth: number,
  thresholds: (rng: Rng, f: number) => number,
  raw = false,
): FlatForest {
  const rng = new Rng(seed);
  const feat: number[] = [];
  const thr: number[] = [];
  const child: number[] = [];
  const offsets = [0];
  for (let t = 0; t < nTrees; t++) {
    const off = feat.length;
    const depth = [0];
    // tree 0 of a many-tree forest is a single leaf when asked (maxDepth 0 never splits)
    for (let i = 0, next = 1; i < depth.length; i++) {
      const dep = depth[i] as number;
      const leaf = dep >= maxDepth || (dep > 1 && rng.next() < 0.25);
      if (leaf) {
        feat.push(-1);
        thr.push(0);
        child.push(off + i);
        continue;
      }
      const f = rng.int(d);
      feat.push(f);
      thr.push(thresholds(rng, f));
      child.push(off + next);
      depth.push(dep + 1, dep + 1);
      next += 2;
    }
    offsets.push(feat.length);
  }
  const proba = new Float64Array(feat.length * K);
  for (let i = 0; i < feat.length; i++) {
    let s = 0;
    for (let c = 0; c < K; c++) {
      const v = rng.next() < 0.3 ? 0 : rng.int(20) + 1;
      proba[i * K + c] = v;
      s += v;
    }
    if (!raw) for (let c = 0; c < K; c++) proba[i * K + c] = s > 0 ? (proba[i * K + c] as number) / s : 0;
  }
  return {
    nTrees,
    nClasses: K,
    offsets: Int32Array.from(offsets),
    feat: Int32Array.from(feat),
    thr: Float64Array.from(thr),
    child: Int32Array.from(child),
    proba,
  };
}

/** Values on a grid of quarters, so that many rows land exactly on (or float32-next to) thresholds. */
const gridThreshold = (rng: Rng): number => (rng.int(17) - 8) / 4;

function forestCase(
  name: string,
  make: () => { forest: FlatForest; X: DenseMatrix },
  exact = false,
): KernelCase {
  return {
    kernel: 'forestPredict',
    name,
    exact,
    async run(k) {
      const { forest, X } = make();
      return [await k.forestPredict(forest, X)];
    },
  };
}

function gridRows(seed: number, n: number, d: number): DenseMatrix {
  const rng = new Rng(seed);
  return matrix(n, d, () => {
    const g = (rng.int(17) - 8) / 4;
    const r = rng.next();
    // on the threshold, or the float32 / float64 value just above or below it
    // (no float32 subnormals: a device may flush them to zero)
    return r < 0.5
      ? g
      : r < 0.65
        ? g === 0
          ? 2 ** -100
          : nextUp32(g)
        : r < 0.8
          ? g + 1e-12
          : r < 0.9
            ? g - 1e-12
            : rng.normal() * 2;
  });
}

export const treeCases: readonly KernelCase[] = [
  binCase(
    'edge values: x on edges, float32 rounding, adjacent-float32 midpoint, +-0, huge, no edges',
    edgeColumnCase,
  ),
  binCase('700 x 6 seeded: few values, ties at 0, duplicates, 255 edges, coarse edges', () =>
    randomBinned(11),
  ),
  binCase('one row, one feature', () => ({
    X: matrix(1, 1, () => 2.5),
    edges: [Float64Array.from([2.5])],
  })),
  histCase(
    'unweighted, K=3, rows [137, 811) of a permutation',
    1,
    { n: 1000, d: 5, K: 3 },
    {
      range: () => [137, 811],
    },
  ),
  histCase(
    'integer weights (zeros included), K=2, all rows',
    2,
    { n: 900, d: 4, K: 2 },
    {
      weights: 'integer',
      range: (n) => [0, n],
    },
  ),
  histCase(
    'real weights, K=4, rows [300, 520)',
    3,
    { n: 800, d: 6, K: 4 },
    {
      weights: 'real',
      range: () => [300, 520],
    },
  ),
  histCase(
    'one-feature view (feature 2 of 5), integer weights, K=3',
    4,
    { n: 1200, d: 5, K: 3 },
    {
      weights: 'integer',
      range: () => [10, 1150],
      feature: 2,
    },
  ),
  histCase(
    'row-count channel: every label K-1, K=4, one-feature view of a 256-bin feature',
    5,
    { n: 300, d: 3, K: 4 },
    {
      range: () => [1, 299],
      feature: 0,
      oneLabel: true,
    },
  ),
  histCase('empty range leaves out unchanged', 6, { n: 50, d: 2, K: 2 }, { range: () => [20, 20] }),
  forestCase('1 tree, K=2, rows on thresholds', () => ({
    forest: randomForest(21, 1, 4, 2, 8, gridThreshold),
    X: gridRows(22, 400, 4),
  })),
  forestCase('1 tree, K=3, raw class counts (a single tree predict)', () => ({
    forest: randomForest(23, 1, 5, 3, 10, gridThreshold, true),
    X: gridRows(24, 300, 5),
  })),
  forestCase('40 trees, K=2, rows on thresholds', () => ({
    forest: randomForest(25, 40, 6, 2, 9, gridThreshold),
    X: gridRows(26, 500, 6),
  })),
  forestCase('25 trees, K=5, thresholds between adjacent float32 values', () => {
    const forest = randomForest(27, 25, 3, 5, 7, (rng) => {
      const a = f32(gridThreshold(rng) + 0.1);
      return mid(a, nextUp32(a));
    });
    const rng = new Rng(28);
    const X = matrix(400, 3, () => {
      const a = f32(gridThreshold(rng) + 0.1);
      const r = rng.next();
      // a goes left, the next float32 right, float64 values in between round to one of them
      return r < 0.4 ? a : r < 0.8 ? nextUp32(a) : mid(a, nextUp32(a)) + (r < 0.9 ? 1e-17 : -1e-17);
    });
    return { forest, X };
  }),
  forestCase('a single-leaf tree among 5, K=3', () => {
    const leaf = randomForest(29, 1, 3, 3, 0, gridThreshold);
    const rest = randomForest(30, 4, 3, 3, 6, gridThreshold);
    const n0 = leaf.feat.length;
    const forest: FlatForest = {
      nTrees: 5,
      nClasses: 3,
      offsets: Int32Array.from([0, ...Array.from(rest.offsets, (o) => o + n0)]),
      feat: Int32Array.from([...leaf.feat, ...rest.feat]),
      thr: Float64Array.from([...leaf.thr, ...rest.thr]),
      child: Int32Array.from([...leaf.child, ...Array.from(rest.child, (c) => c + n0)]),
      proba: Float64Array.from([...leaf.proba, ...rest.proba]),
    };
    return { forest, X: gridRows(31, 200, 3) };
  }),
];
