/**
 * The wasm-simd kernels pass X through wasm memory in row blocks: every result must be the one of a
 * single pass over X, bit for bit, whatever the block size. Each kernel runs with blocks of 12 rows
 * and of 4 (the smallest) on n below one block, exactly one block, a non-multiple and several whole
 * blocks, with and without sample weights, against one block holding all of X (the single-copy
 * computation) and, where the kernel adds in plain row order, against that loop written out.
 */
import { describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../kernels/contract.js';
import type { BinnedMatrix, FlatForest } from '../../kernels/tree.js';
import { Rng } from '../../rng.js';
import { withBlockBytes } from './heap.js';
import { simdLinear, withResidentLossMax } from './linear.js';
import { simdNb } from './nb.js';
import { simdSvm } from './svm.js';
import { simdTree } from './tree.js';

const D = 5;
const K = 3;
/** Block sizes in bytes of X: 12 rows of D values, the 4-row minimum, and one block for everything. */
const TWELVE = 12 * D * 8;
const MINIMUM = 1;
const WHOLE = 1 << 30;
/** Below one block, one block, a non-multiple of it, several whole blocks. */
const ROWS = [5, 12, 43, 60];

function matrix(rng: Rng, rows: number, cols = D): DenseMatrix {
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.normal() * 2) };
}

/** Runs `f` with blocks of each size; every result must equal the one-block result bit for bit. */
function sameAtEveryBlockSize(f: () => ArrayLike<number>): ArrayLike<number> {
  const whole = Array.from(withBlockBytes(WHOLE, f));
  for (const bytes of [TWELVE, MINIMUM]) expect(Array.from(withBlockBytes(bytes, f))).toEqual(whole);
  return whole;
}

describe('wasm-simd kernels in row blocks', () => {
  for (const n of ROWS) {
    const rng = new Rng(n);
    const X = matrix(rng, n);
    const y = Int32Array.from({ length: n }, () => rng.int(K));
    const sw = Float64Array.from({ length: n }, () => 0.25 + rng.next());

    for (const weights of [null, sw]) {
      it(`class moments are the row-order sums (n ${n}, weights ${weights !== null})`, () => {
        const got = sameAtEveryBlockSize(() => {
          const m = simdNb.classMoments(X, y, weights, K) as {
            count: Float64Array;
            mean: Float64Array;
            variance: Float64Array;
          };
          return [...m.count, ...m.mean, ...m.variance];
        });
        const count = new Float64Array(K);
        const mean = new Float64Array(K * D);
        const variance = new Float64Array(K * D);
        for (let i = 0; i < n; i++) {
          const c = y[i] as number;
          const wi = weights ? (weights[i] as number) : 1;
          count[c] = (count[c] as number) + wi;
          for (let j = 0; j < D; j++)
            mean[c * D + j] = (mean[c * D + j] as number) + wi * (X.data[i * D + j] as number);
        }
        for (let j = 0; j < K * D; j++) mean[j] = (mean[j] as number) / (count[Math.floor(j / D)] as number);
        for (let i = 0; i < n; i++) {
          const c = y[i] as number;
          const wi = weights ? (weights[i] as number) : 1;
          for (let j = 0; j < D; j++) {
            const t = (X.data[i * D + j] as number) - (mean[c * D + j] as number);
            variance[c * D + j] = (variance[c * D + j] as number) + wi * (t * t);
          }
        }
        for (let j = 0; j < K * D; j++)
          variance[j] = (variance[j] as number) / (count[Math.floor(j / D)] as number);
        expect(got).toEqual([...count, ...mean, ...variance]);
      });

      it(`the prepared cross-entropy, resident or streamed, is one pass over X (n ${n}, weights ${weights !== null})`, () => {
        for (const k of [1, K]) {
          const labels = k === 1 ? Int32Array.from(y, (v) => (v === 1 ? 1 : 0)) : y;
          const size = k * D + k;
          const w = Float64Array.from({ length: size }, () => rng.normal() * 0.5);
          const evaluate = (residentMax: number) =>
            withResidentLossMax(residentMax, () => {
              const p = simdLinear.prepareLinearLoss({
                X,
                y: labels,
                k,
                fitIntercept: true,
                sampleWeight: weights,
              });
              try {
                const grad = new Float64Array(size);
                const v = p.valueAndGrad(w, grad) as number;
                expect(p.valueAndGrad(w, null)).toBe(v);
                return [v, ...grad];
              } finally {
                p.dispose();
              }
            });
          const resident = sameAtEveryBlockSize(() => evaluate(WHOLE));
          const streamed = sameAtEveryBlockSize(() => evaluate(0));
          expect(streamed).toEqual(resident);
        }
      });

      it(`class histograms add a node's samples in order across chunks (n ${n}, weights ${weights !== null})`, () => {
        const edges = Array.from({ length: D }, () =>
          Float64Array.from({ length: 9 }, () => rng.normal()).sort(),
        );
        const b = simdTree.binMatrix(X, edges) as BinnedMatrix;
        const rows = Int32Array.from({ length: n }, (_, i) => i).sort(
          (a, c) => ((a * 7919) % 13) - ((c * 7919) % 13),
        );
        const start = Math.floor(n / 4);
        const got = sameAtEveryBlockSize(() => {
          const out = Float64Array.from({ length: D * 256 * K }, (_, i) => (i % 7) * 0.1);
          simdTree.classHistogram(b, y, weights, K, rows, start, n, out);
          return out;
        });
        const want = Float64Array.from({ length: D * 256 * K }, (_, i) => (i % 7) * 0.1);
        for (let s = start; s < n; s++) {
          const r = rows[s] as number;
          for (let f = 0; f < D; f++) {
            const at = (f * 256 + (b.codes[f * n + r] as number)) * K + (y[r] as number);
            want[at] = (want[at] as number) + (weights ? (weights[r] as number) : 1);
          }
        }
        expect(got).toEqual(Array.from(want));
      });
    }

    it(`codes of every block land in their column-major place (n ${n})`, () => {
      const edges = Array.from({ length: D }, () =>
        Float64Array.from({ length: 20 }, () => rng.normal() * 2).sort(),
      );
      const got = sameAtEveryBlockSize(() => (simdTree.binMatrix(X, edges) as BinnedMatrix).codes);
      for (let f = 0; f < D; f++) {
        for (let i = 0; i < n; i++) {
          const x = Math.fround(X.data[i * D + f] as number);
          expect(got[f * n + i]).toBe((edges[f] as Float64Array).filter((e) => e < x).length);
        }
      }
    });

    it(`scores, argmax and the joint log-likelihood are row by row (n ${n})`, () => {
      for (const k of [1, K]) {
        const f = {
          W: Float64Array.from({ length: k * D }, () => rng.normal()),
          b: Float64Array.from({ length: k }, () => rng.normal()),
          k,
        };
        const scores = sameAtEveryBlockSize(() => simdLinear.linearScores(X, f) as Float64Array);
        for (let i = 0; i < n; i++) {
          for (let c = 0; c < k; c++) {
            let s = f.b[c] as number;
            for (let j = 0; j < D; j++) s += (X.data[i * D + j] as number) * (f.W[c * D + j] as number);
            expect(scores[i * k + c]).toBe(s);
          }
        }
        sameAtEveryBlockSize(() => simdLinear.linearArgmax(X, f) as Int32Array);
      }
      const theta = Float64Array.from({ length: K * D }, () => rng.normal());
      const invVar = Float64Array.from({ length: K * D }, () => 0.5 + rng.next());
      const logConst = Float64Array.from({ length: K }, () => rng.normal());
      const jll = sameAtEveryBlockSize(
        () => simdNb.jointLogLikelihood(X, theta, invVar, logConst) as Float64Array,
      );
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < K; c++) {
          let s = 0;
          for (let j = 0; j < D; j++) {
            const t = (X.data[i * D + j] as number) - (theta[c * D + j] as number);
            s += t * t * (invVar[c * D + j] as number);
          }
          expect(jll[i * K + c]).toBe((logConst[c] as number) - 0.5 * s);
        }
      }
    });

    it(`forest prediction and the kernel decision are row by row (n ${n})`, () => {
      // two stumps and a depth-2 tree, sibling-adjacent; proba rows per leaf
      const feat = Int32Array.from([0, -1, -1, 2, -1, -1, 1, 3, 4, -1, -1, -1, -1]);
      const thr = Float64Array.from([0.1, 0, 0, -0.3, 0, 0, 0, 0.5, -0.5, 0, 0, 0, 0]);
      const child = Int32Array.from([1, 0, 1, 4, 2, 3, 7, 9, 11, 4, 5, 6, 7]);
      const proba = Float64Array.from({ length: 8 * K }, () => rng.next());
      const forest: FlatForest = {
        nTrees: 3,
        nClasses: K,
        offsets: Int32Array.from([0, 3, 6, 13]),
        feat,
        thr,
        child,
        proba,
      };
      sameAtEveryBlockSize(() => simdTree.forestPredict({ ...forest }, X) as Float64Array);
      const SV = matrix(rng, 7);
      const coef = Float64Array.from({ length: 7 * 2 }, () => rng.normal());
      for (const kernel of ['rbf', 'poly', 'linear', 'sigmoid'] as const) {
        const spec = { kernel, gamma: 0.2, coef0: 0.3, degree: 3 };
        sameAtEveryBlockSize(() => simdSvm.kernelDecision(X, SV, spec, coef, 2) as Float64Array);
      }
    });
  }
});
