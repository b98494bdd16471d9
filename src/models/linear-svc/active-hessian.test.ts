import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { makeClassification } from '../../datasets/make-classification.js';
import { ActiveSetHessian, type HessianRoute, weightedGram } from './active-hessian.js';
import type { BinaryLinearProblem } from './dual-cd.js';
import { type GramCache, solvePrimalNewton } from './primal-newton.js';

/** Lower triangle of sum_{i in rows} C_i x_i x_i', one product at a time (the reference). */
function naiveGram(X: Float64Array, D: number, C: Float64Array, rows: number[]): Float64Array {
  const A = new Float64Array(D * D);
  for (const i of rows) {
    for (let a = 0; a < D; a++) {
      for (let b = 0; b <= a; b++) A[a * D + b]! += C[i]! * X[i * D + a]! * X[i * D + b]!;
    }
  }
  return A;
}
function relDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    m = Math.max(m, Math.abs(a[k]! - b[k]!));
    s = Math.max(s, Math.abs(b[k]!));
  }
  return m / Math.max(s, 1e-300);
}

describe.each([6, 7])('ActiveSetHessian (D = %i: both tile remainders)', (D) => {
  const n = 301; // not a multiple of 4: the blocked updates' remainder rows
  const rng = new Rng(D);
  const X = Float64Array.from({ length: n * D }, () => rng.normal() * 3);
  const C = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? 0 : 0.5 + rng.next()));
  const all = Array.from({ length: n }, (_, i) => i);

  it('weightedGram equals the one-product-at-a-time sum', () => {
    expect(relDiff(weightedGram(X, n, D, C), naiveGram(X, D, C, all))).toBeLessThan(1e-13);
  });

  it('equals the re-formed sum over every active set, through all three routes', () => {
    const H = new ActiveSetHessian(X, n, D, C, undefined, 3);
    let on = new Uint8Array(n).fill(1);
    const routes: HessianRoute[] = [];
    const sets: ((i: number, was: boolean) => boolean)[] = [
      (_i, was) => was, // nothing flips
      (_i, was) => (rng.next() < 0.05 ? !was : was), // a few flip: incremental
      (_i, was) => (rng.next() < 0.05 ? !was : was),
      (_i, was) => (rng.next() < 0.05 ? !was : was),
      (_i, was) => (rng.next() < 0.05 ? !was : was), // 4th incremental in a row: forced fresh
      () => rng.next() < 0.9, // most rows re-drawn, 10% inactive: complement
      () => rng.next() < 0.1, // 10% active: scratch
      (_i, was) => (rng.next() < 0.02 ? !was : was),
      () => true, // all active again
    ];
    for (const pick of sets) {
      const next = Uint8Array.from(on, (v, i) => (pick(i, v === 1) ? 1 : 0));
      const active = Int32Array.from(all.filter((i) => next[i] === 1));
      routes.push(H.update(active, active.length));
      const ref = naiveGram(
        X,
        D,
        C,
        all.filter((i) => next[i] === 1),
      );
      expect(relDiff(H.A, ref)).toBeLessThan(1e-12);
      on = next;
    }
    expect(routes).toEqual([
      'incremental',
      'incremental',
      'incremental',
      'incremental',
      'complement', // maxIncremental = 3 reached, the cheaper fresh route
      'complement',
      'scratch',
      'incremental',
      'complement',
    ]);
  });
});

interface Fx {
  iris: { X: number[][]; y: number[] };
  binary: { X: number[][]; y: number[] };
}
const fx = JSON.parse(
  readFileSync(new URL('./fixtures/linear-svc-sklearn.json', import.meta.url), 'utf8'),
) as Fx;

/** One-vs-rest problems with a bias column of 1, as LinearSVC builds them. */
function ovrProblems(X: number[][], y: number[], C: number): BinaryLinearProblem[] {
  const n = X.length;
  const d = X[0]!.length;
  const D = d + 1;
  const Xb = new Float64Array(n * D);
  X.forEach((row, i) => {
    Xb.set(row, i * D);
    Xb[i * D + d] = 1;
  });
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const pos = classes.length === 2 ? classes.slice(1) : classes;
  return pos.map((p) => ({
    X: Xb,
    n,
    D,
    y: Int8Array.from(y, (v) => (v === p ? 1 : -1)),
    C: new Float64Array(n).fill(C),
  }));
}

describe('primal Newton: incremental Hessian vs re-formed every iteration', () => {
  const syn = makeClassification({ nSamples: 3000, nFeatures: 12, nInformative: 6, nClasses: 3, seed: 1 });
  const synX = Array.from({ length: 3000 }, (_, i) => Array.from(syn.X.data.subarray(i * 12, i * 12 + 12)));
  const cases: [string, BinaryLinearProblem[], number][] = [
    ['iris', ovrProblems(fx.iris.X, fx.iris.y, 1), 1e-10],
    ['binary', ovrProblems(fx.binary.X, fx.binary.y, 0.5), 1e-10],
    ['synthetic 3000 x 12', ovrProblems(synX, Array.from(syn.y), 1), 1e-4],
  ];
  for (const [name, probs, tol] of cases) {
    it(`${name}: same iterations, the same Hessian each iteration, w to 1e-10`, () => {
      const cache: GramCache = {};
      const routes = new Set<string>();
      for (const prob of probs) {
        const ref: Float64Array[] = [];
        const inc: Float64Array[] = [];
        const a = solvePrimalNewton(prob, tol, 1000, undefined, {
          hessian: 'reform',
          onHessian: (_r, A) => ref.push(Float64Array.from(A)),
        });
        const b = solvePrimalNewton(prob, tol, 1000, undefined, {
          gramCache: cache,
          onHessian: (r, A) => {
            routes.add(r);
            inc.push(Float64Array.from(A));
          },
        });
        expect(a.converged).toBe(true);
        expect(b.converged).toBe(true);
        expect(b.iterations).toBe(a.iterations);
        expect(inc.length).toBe(ref.length);
        for (let t = 0; t < ref.length; t++) expect(relDiff(inc[t]!, ref[t]!)).toBeLessThan(1e-12);
        expect(relDiff(b.w, a.w)).toBeLessThan(1e-10);
      }
      expect(routes.has('incremental')).toBe(true);
    });
  }
});
