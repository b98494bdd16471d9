/**
 * Times every kernel on the TypeScript reference and on wasm-simd (the best of several runs,
 * alternating the two so that a busy machine slows both alike; same inputs), the measurement behind `CPU_FROM_SIMD` in src/core/kernels/registry.ts. A quick check,
 * not a benchmark: about half a minute on one core.
 *
 *   node --import tsx scripts/kernel-speed.ts            # every kernel
 *   node --import tsx scripts/kernel-speed.ts rbf tree   # kernels whose label contains a word
 */
import { wasmSimdParts } from '../src/core/devices/wasm-simd/index.js';
import type { DenseMatrix, KernelMethods, SvmKernelSpec } from '../src/core/kernels/index.js';
import { referenceKernels } from '../src/core/kernels/reference/index.js';
import type { FlatForest } from '../src/core/kernels/tree.js';
import { Rng } from '../src/core/rng.js';

const rng = new Rng(1);
const simd = wasmSimdParts()[0]?.kernels as KernelMethods;
const ts = referenceKernels as KernelMethods;

function matrix(rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.normal()) };
}

function forest(nTrees: number, depth: number, d: number, K: number): FlatForest {
  const feat: number[] = [];
  const thr: number[] = [];
  const child: number[] = [];
  const proba: number[] = [];
  const offsets = [0];
  for (let t = 0; t < nTrees; t++) {
    const root = feat.length;
    feat.push(0);
    thr.push(0);
    child.push(0);
    const grow = (i: number, level: number) => {
      if (level === depth) {
        feat[i] = -1;
        child[i] = proba.length / K;
        for (let k = 0; k < K; k++) proba.push(rng.next());
        return;
      }
      feat[i] = rng.int(d);
      thr[i] = rng.normal() * 0.5;
      child[i] = feat.length;
      feat.push(0, 0);
      thr.push(0, 0);
      child.push(0, 0);
      grow(child[i] as number, level + 1);
      grow((child[i] as number) + 1, level + 1);
    };
    grow(root, 0);
    offsets.push(feat.length);
  }
  return {
    nTrees,
    nClasses: K,
    offsets: Int32Array.from(offsets),
    feat: Int32Array.from(feat),
    thr: Float64Array.from(thr),
    child: Int32Array.from(child),
    proba: Float64Array.from(proba),
  };
}

/** The fastest of `reps` runs of each (after one warm-up run), alternating a and b. */
function best(a: () => unknown, b: () => unknown, reps: number): [number, number] {
  a();
  b();
  let ta = Number.POSITIVE_INFINITY;
  let tb = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now();
    a();
    ta = Math.min(ta, performance.now() - t0);
    t0 = performance.now();
    b();
    tb = Math.min(tb, performance.now() - t0);
  }
  return [ta, tb];
}

interface Case {
  readonly label: string;
  run(k: KernelMethods): () => unknown;
}

const X = matrix(20_000, 50);
const W = { W: matrix(3, 50).data, b: new Float64Array(3), k: 3 };
const y3 = Int32Array.from({ length: 20_000 }, () => rng.int(3));
const rbf: SvmKernelSpec = { kernel: 'rbf', gamma: 0.05, coef0: 0, degree: 3 };
const lin: SvmKernelSpec = { kernel: 'linear', gamma: 0, coef0: 0, degree: 3 };
const Xs = matrix(3000, 30);
const Xs4 = matrix(3000, 4);
const SV = matrix(600, 30);
const coef = matrix(600, 3).data;
const edges = Array.from({ length: 30 }, () =>
  Float64Array.from({ length: 255 }, (_, b) => -3 + (6 * b) / 255),
);
const Xb = matrix(20_000, 30);
const binned = ts.binMatrix(Xb, edges) as import('../src/core/kernels/tree.js').BinnedMatrix;
const rowsAll = Int32Array.from({ length: 20_000 }, (_, i) => i);
const hist = new Float64Array(30 * 256 * 3);
const F = forest(100, 10, 30, 3);
const Xf = matrix(5000, 30);
const theta = matrix(3, 50).data;
const invVar = Float64Array.from({ length: 150 }, () => 1 + rng.next());
const logConst = new Float64Array(3);

function rowsCase(label: string, Xm: DenseMatrix, spec: SvmKernelSpec): Case {
  const rows = Int32Array.from({ length: 32 }, (_, i) => i * 7);
  const cols = Int32Array.from({ length: Xm.rows }, (_, i) => i);
  const out = new Float32Array(rows.length * cols.length);
  return {
    label,
    run: (k) => {
      const p = k.prepareKernelRows(Xm, spec);
      return () => p.kernelRows(rows, cols, out);
    },
  };
}

function lossCase(label: string, kk: number): Case {
  const y = kk === 1 ? Int32Array.from(y3, (v) => (v === 1 ? 1 : 0)) : y3;
  const size = kk * 50 + kk;
  const w = Float64Array.from({ length: size }, () => rng.normal() * 0.1);
  const g = new Float64Array(size);
  return {
    label,
    run: (k) => {
      const p = k.prepareLinearLoss({ X, y, k: kk, fitIntercept: true, sampleWeight: null });
      return () => p.valueAndGrad(w, g);
    },
  };
}

const CASES: Case[] = [
  { label: 'linearScores 20000x50 k3', run: (k) => () => k.linearScores(X, W) },
  { label: 'linearArgmax 20000x50 k3', run: (k) => () => k.linearArgmax(X, W) },
  lossCase('prepareLinearLoss softmax 20000x50 k3 (valueAndGrad)', 3),
  lossCase('prepareLinearLoss logistic 20000x50 (valueAndGrad)', 1),
  rowsCase('prepareKernelRows rbf 3000x30, 32 rows', Xs, rbf),
  rowsCase('prepareKernelRows rbf 3000x4, 32 rows', Xs4, rbf),
  rowsCase('prepareKernelRows linear 3000x30, 32 rows', Xs, lin),
  {
    label: 'kernelDecision rbf 3000x30 vs 600 SV, m 3',
    run: (k) => () => k.kernelDecision(Xs, SV, rbf, coef, 3),
  },
  { label: 'binMatrix 20000x30, 255 edges', run: (k) => () => k.binMatrix(Xb, edges) },
  {
    label: 'classHistogram 20000 rows x 30, K 3',
    run: (k) => () => k.classHistogram(binned, y3, null, 3, rowsAll, 0, 20_000, hist),
  },
  {
    label: 'classHistogram 200 rows x 30, K 3',
    run: (k) => () => k.classHistogram(binned, y3, null, 3, rowsAll, 5000, 5200, hist),
  },
  { label: 'forestPredict 100 trees depth 10, 5000x30', run: (k) => () => k.forestPredict(F, Xf) },
  { label: 'classMoments 20000x50 K 3', run: (k) => () => k.classMoments(X, y3, null, 3) },
  {
    label: 'jointLogLikelihood 20000x50 K 3',
    run: (k) => () => k.jointLogLikelihood(X, theta, invVar, logConst),
  },
];

const words = process.argv.slice(2);
console.log('kernel'.padEnd(56), 'ts ms'.padStart(9), 'simd ms'.padStart(9), 'speed-up'.padStart(9));
for (const c of CASES) {
  if (words.length && !words.some((w) => c.label.includes(w))) continue;
  let a = Number.NaN;
  let b = Number.NaN;
  try {
    [a, b] = best(c.run(ts), c.run(simd), 11);
  } catch {}
  console.log(
    c.label.padEnd(56),
    a.toFixed(2).padStart(9),
    b.toFixed(2).padStart(9),
    `${(a / b).toFixed(2)}x`.padStart(9),
  );
}
