/**
 * Conformance cases of the linear kernels (seeded inputs, edge cases): scores and argmax for
 * binary (k = 1) and multi-class shapes, n = 1, d = 1, exact integer ties (first maximum wins,
 * a zero binary score is class 0), non-finite rows (-1), large scores; the cross-entropy value and
 * gradient with and without sample weights and intercepts, value only, one prepared problem
 * evaluated at two points, and large |scores| (softmax / softplus stability).
 */
import { Rng } from '../../rng.js';
import type { DenseMatrix } from '../contract.js';
import type { Kernels } from '../index.js';
import type { LinearFunctions, LinearLossProblem } from '../linear.js';
import { integers, labels, matrix, normals, uniforms } from './random.js';
import type { KernelCase, KernelOutput } from './types.js';

interface LinearInput {
  readonly X: DenseMatrix;
  readonly f: LinearFunctions;
}

function randomLinear(seed: number, n: number, d: number, k: number, scale = 1): LinearInput {
  const rng = new Rng(seed);
  return {
    X: matrix(n, d, normals(rng, n * d, scale)),
    f: { W: normals(rng, k * d), b: normals(rng, k, 0.5), k },
  };
}

/** Small integers: many exact ties between classes, exact on every precision. */
function tiedLinear(seed: number, n: number, d: number, k: number): LinearInput {
  const rng = new Rng(seed);
  return {
    X: matrix(n, d, integers(rng, n * d, -1, 1)),
    f: { W: integers(rng, k * d, 0, 1), b: new Float64Array(k), k },
  };
}

/** Rows 1, 4 and 6 hold NaN, +Infinity, -Infinity (the other rows are finite). */
function nonFinite(seed: number, k: number): LinearInput {
  const r = randomLinear(seed, 9, 3, k);
  const data = r.X.data.slice();
  data[1 * 3 + 2] = Number.NaN;
  data[4 * 3] = Number.POSITIVE_INFINITY;
  data[6 * 3 + 1] = Number.NEGATIVE_INFINITY;
  return { X: matrix(9, 3, data), f: r.f };
}

const SCORE_INPUTS: readonly [string, () => LinearInput][] = [
  ['n=37 d=5 k=3', () => randomLinear(1, 37, 5, 3)],
  ['binary k=1 n=64 d=8', () => randomLinear(2, 64, 8, 1)],
  ['n=1 d=4 k=3', () => randomLinear(3, 1, 4, 3)],
  ['d=1 n=9 k=2', () => randomLinear(4, 9, 1, 2)],
  ['k=7 n=50 d=12', () => randomLinear(5, 50, 12, 7)],
  ['large scores (|x| ~ 1e3)', () => randomLinear(6, 23, 6, 4, 1e3)],
  ['integer ties k=4 n=41 d=3', () => tiedLinear(7, 41, 3, 4)],
  ['integer ties binary k=1 (score 0 is class 0) n=30 d=2', () => tiedLinear(8, 30, 2, 1)],
];

function scoreCases(): KernelCase[] {
  const out: KernelCase[] = [];
  for (const [name, make] of SCORE_INPUTS) {
    const input = make();
    out.push({
      kernel: 'linearScores',
      name,
      run: async (k: Kernels) => [await k.linearScores(input.X, input.f)],
    });
    out.push({
      kernel: 'linearArgmax',
      name,
      exact: true,
      run: async (k: Kernels) => [await k.linearArgmax(input.X, input.f)],
    });
  }
  for (const kk of [1, 3]) {
    const input = nonFinite(9 + kk, kk);
    out.push({
      kernel: 'linearArgmax',
      name: `rows with NaN / +-Infinity are -1 (k=${kk})`,
      exact: true,
      run: async (k: Kernels) => [await k.linearArgmax(input.X, input.f)],
    });
  }
  return out;
}

interface LossInput {
  readonly p: LinearLossProblem;
  /** Points to evaluate at, in order, on one prepared problem. */
  readonly points: readonly Float64Array[];
  readonly withGrad: boolean;
}

function lossInput(
  seed: number,
  n: number,
  d: number,
  k: number,
  o: { fitIntercept?: boolean; weights?: boolean; scale?: number; points?: number; withGrad?: boolean } = {},
): LossInput {
  const rng = new Rng(seed);
  const fitIntercept = o.fitIntercept ?? true;
  const X = matrix(n, d, normals(rng, n * d, o.scale ?? 1));
  const y = labels(rng, n, k === 1 ? 2 : k);
  let sampleWeight: Float64Array | null = null;
  if (o.weights) {
    sampleWeight = uniforms(rng, n, 0.2, 3);
    if (n > 2) sampleWeight[n - 2] = 0;
  }
  const nw = k * d + (fitIntercept ? k : 0);
  const points = Array.from({ length: o.points ?? 1 }, () => normals(rng, nw, 0.7));
  return { p: { X, y, k, fitIntercept, sampleWeight }, points, withGrad: o.withGrad ?? true };
}

const LOSS_INPUTS: readonly [string, () => LossInput, number?][] = [
  ['binary k=1 n=60 d=4', () => lossInput(21, 60, 4, 1)],
  [
    'binary k=1 weighted, no intercept',
    () => lossInput(22, 45, 3, 1, { fitIntercept: false, weights: true }),
  ],
  ['softmax k=3 n=57 d=5', () => lossInput(23, 57, 5, 3)],
  ['softmax k=4 weighted (one weight 0)', () => lossInput(24, 70, 6, 4, { weights: true })],
  ['softmax k=5 no intercept', () => lossInput(25, 33, 7, 5, { fitIntercept: false })],
  ['softmax k=2 d=1', () => lossInput(26, 19, 1, 2)],
  ['n=1 k=3', () => lossInput(27, 1, 4, 3)],
  ['n=1 binary k=1', () => lossInput(28, 1, 3, 1, { weights: true })],
  ['value only (no gradient) k=3', () => lossInput(29, 40, 5, 3, { withGrad: false })],
  ['one prepared problem at three points k=3', () => lossInput(30, 48, 4, 3, { points: 3, weights: true })],
  ['one prepared problem at three points k=1', () => lossInput(31, 48, 4, 1, { points: 3 })],
  ['large |scores| softmax k=3 (|z| ~ 1e2..1e3)', () => lossInput(32, 31, 5, 3, { scale: 150 }), 1e-3],
  ['large |scores| binary k=1 (|z| ~ 1e2..1e3)', () => lossInput(33, 31, 5, 1, { scale: 150 }), 1e-3],
];

function lossCases(): KernelCase[] {
  return LOSS_INPUTS.map(([name, make, float32]) => {
    const input = make();
    return {
      kernel: 'prepareLinearLoss' as const,
      name,
      tolerance: { float64: 1e-11, float32: float32 ?? 2e-4 },
      run: async (k: Kernels) => {
        const prepared = k.prepareLinearLoss(input.p);
        try {
          const out: KernelOutput[] = [];
          for (const w of input.points) {
            const grad = input.withGrad ? new Float64Array(w.length).fill(Number.NaN) : null;
            out.push(await prepared.valueAndGrad(w, grad));
            if (grad) out.push(grad);
          }
          return out;
        } finally {
          prepared.dispose();
        }
      },
    };
  });
}

export const linearCases: readonly KernelCase[] = [...scoreCases(), ...lossCases()];
