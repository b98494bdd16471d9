import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { ActiveSetHessian, type HessianRoute, weightedGram } from './active-hessian.js';
import { LinearSVC, type LinearSVCParams } from './linear-svc.js';
import { solvePrimalNewton } from './primal-newton.js';

// The primal Newton solver takes X (n x d) with the intercept feature implicit (PrimalProblem.bias);
// the reference is the same solver on the stored bias-augmented n x (d + 1) matrix (the previous
// implementation), which it must reproduce bit for bit.

function withBias(X: Float64Array, n: number, d: number, bias: number): Float64Array {
  const Xb = new Float64Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) Xb[i * (d + 1) + j] = X[i * d + j]!;
    Xb[i * (d + 1) + d] = bias;
  }
  return Xb;
}
function expectSameBits(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  const diff: number[] = [];
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) diff.push(k);
  expect(diff).toEqual([]);
}

// d even and odd (both tile remainders of the Hessian and dot-product loops), dense and CG (D > 128)
describe.each([5, 6, 130, 131])('implicit bias column, d = %i', (d) => {
  const n = 403; // odd and not a multiple of 4: the single-row remainders
  const rng = new Rng(d);
  const X = Float64Array.from({ length: n * d }, () => rng.normal());
  const y = Int8Array.from({ length: n }, (_, i) => (X[i * d]! + 0.5 * rng.normal() > 0.3 ? 1 : -1));
  const C = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 0 : 0.2 + rng.next()));
  const D = d + 1;

  for (const bias of [1, 2.5]) {
    const Xb = withBias(X, n, d, bias);
    it(`bias ${bias}: weightedGram and every ActiveSetHessian route equal the stored column's`, () => {
      expectSameBits(weightedGram(X, n, D, C, bias), weightedGram(Xb, n, D, C));
      const a = new ActiveSetHessian(Xb, n, D, C, undefined, 2);
      const b = new ActiveSetHessian(X, n, D, C, undefined, 2, bias);
      const routes = new Set<HessianRoute>();
      let on = new Uint8Array(n).fill(1);
      for (const frac of [0.03, 0.03, 0.03, 0.6, 0.02, 0.9, 0.01]) {
        on = Uint8Array.from(on, (v) => (rng.next() < frac ? 1 - v : v));
        const active = Int32Array.from(Array.from(on.keys()).filter((i) => on[i] === 1));
        const ra = a.update(active, active.length);
        expect(b.update(active, active.length)).toBe(ra);
        routes.add(ra);
        expectSameBits(b.A, a.A);
      }
      expect(routes.size).toBe(3);
    });

    for (const hessian of ['incremental', 'reform'] as const) {
      it(`bias ${bias}, ${hessian} Hessian: the same iterations, Hessians and weights bit for bit`, () => {
        const Ha: Float64Array[] = [];
        const Hb: Float64Array[] = [];
        const a = solvePrimalNewton({ X: Xb, n, D, y, C }, 1e-8, 100, undefined, {
          hessian,
          onHessian: (_r, A) => Ha.push(Float64Array.from(A)),
        });
        const b = solvePrimalNewton({ X, n, D, y, C, bias }, 1e-8, 100, undefined, {
          hessian,
          onHessian: (_r, A) => Hb.push(Float64Array.from(A)),
        });
        expect(a.converged).toBe(true);
        expect(b.iterations).toBe(a.iterations);
        expect(Hb.length).toBe(Ha.length);
        for (let t = 0; t < Ha.length; t++) expectSameBits(Hb[t]!, Ha[t]!);
        expectSameBits(b.w, a.w);
      });
    }
  }
});

const fx = JSON.parse(
  readFileSync(new URL('./fixtures/linear-svc-sklearn.json', import.meta.url), 'utf8'),
) as { iris: { X: number[][]; y: number[] }; binary: { X: number[][]; y: number[] } };

/**
 * LinearSVC's one-vs-rest primal solves done by hand on the stored bias column: C_i = C x (positive
 * class weight, or in the binary case the weight of y_i) x sample weight (liblinear's rules).
 */
function referenceFit(
  data: { X: number[][]; y: number[] },
  P: { C: number; fitIntercept: boolean; interceptScaling: number; cw: number[] },
  sw: number[] | null,
): { coef: number[]; intercept: number[]; nIter: number } {
  const n = data.X.length;
  const d = data.X[0]!.length;
  const flat = Float64Array.from(data.X.flat());
  const D = P.fitIntercept ? d + 1 : d;
  const Xb = P.fitIntercept ? withBias(flat, n, d, P.interceptScaling) : flat;
  const k = P.cw.length;
  const coef: number[] = [];
  const intercept: number[] = [];
  let nIter = 0;
  for (let c = 0; c < (k === 2 ? 1 : k); c++) {
    const pos = k === 2 ? 1 : c;
    const y = Int8Array.from(data.y, (v) => (v === pos ? 1 : -1));
    const C = Float64Array.from(
      data.y,
      (v, i) => P.C * (v === pos ? P.cw[pos]! : k === 2 ? P.cw[v]! : 1) * (sw ? sw[i]! : 1),
    );
    const res = solvePrimalNewton({ X: Xb, n, D, y, C }, 1e-4, 1000);
    coef.push(...res.w.subarray(0, d));
    intercept.push(P.fitIntercept ? res.w[d]! * P.interceptScaling : 0);
    nIter = Math.max(nIter, res.iterations);
  }
  return { coef, intercept, nIter };
}

describe('LinearSVC primal fits without the bias-augmented copy equal the stored-column solves', () => {
  const swIris = fx.iris.y.map((_, i) => 0.5 + (i % 7) / 4);
  const swBinary = fx.binary.y.map((_, i) => (i % 5 === 0 ? 0 : 1 + (i % 3)));
  const cases: [string, 'iris' | 'binary', Partial<LinearSVCParams>, number[], number[] | null][] = [
    ['iris, intercept', 'iris', {}, [1, 1, 1], null],
    ['iris, no intercept', 'iris', { fitIntercept: false, C: 2 }, [1, 1, 1], null],
    ['iris, interceptScaling 3', 'iris', { interceptScaling: 3, C: 0.7 }, [1, 1, 1], null],
    ['iris, class weights', 'iris', { classWeight: { 0: 1, 1: 2, 2: 0.5 } }, [1, 2, 0.5], null],
    ['iris, sample weights', 'iris', { interceptScaling: 0.5 }, [1, 1, 1], swIris],
    ['binary, class and sample weights', 'binary', { classWeight: { 0: 3, 1: 1 } }, [3, 1], swBinary],
    ['binary, no intercept, sample weights', 'binary', { fitIntercept: false }, [1, 1], swBinary],
  ];
  for (const [name, set, params, cw, sw] of cases) {
    it(name, async () => {
      const data = fx[set];
      const m = await new LinearSVC({ ...params, dual: false }).fit(data.X, data.y, { sampleWeight: sw });
      expect(m.dualUsed).toBe(false);
      const ref = referenceFit(
        data,
        {
          C: params.C ?? 1,
          fitIntercept: params.fitIntercept ?? true,
          interceptScaling: params.interceptScaling ?? 1,
          cw,
        },
        sw,
      );
      expect(m.nIter).toBe(ref.nIter);
      expectSameBits(m.coef.data, ref.coef);
      expectSameBits(m.intercept, ref.intercept);
      // and the dual coordinate descent (another algorithm, the copy with the bias column) agrees
      const tight = { ...params, tol: 1e-10, maxIter: 100000 };
      const p = await new LinearSVC({ ...tight, dual: false }).fit(data.X, data.y, { sampleWeight: sw });
      const q = await new LinearSVC({ ...tight, dual: true }).fit(data.X, data.y, { sampleWeight: sw });
      expect(q.converged).toBe(true);
      for (let j = 0; j < p.coef.data.length; j++) expect(p.coef.data[j]!).toBeCloseTo(q.coef.data[j]!, 6);
      for (let j = 0; j < p.intercept.length; j++) expect(p.intercept[j]!).toBeCloseTo(q.intercept[j]!, 6);
    });
  }
});

const previous = JSON.parse(
  readFileSync(new URL('./fixtures/primal-newton-6879936.json', import.meta.url), 'utf8'),
) as { cases: Record<string, { iterations: number; converged: boolean; w: string[] }> };

/** 'd<d>-b<bias|none>-C<scale>': 301 rows; `stored`: X with the bias column appended. */
function problem(spec: string, stored: boolean) {
  const [, ds, bs, cs] = /^d(\d+)-b(\w+)-C(\d+)$/.exec(spec)!;
  const d = Number(ds);
  const bias = bs === 'none' ? undefined : Number(bs);
  const scale = Number(cs);
  const n = 301;
  const rng = new Rng(d * 7 + scale);
  const X = Float64Array.from({ length: n * d }, (_, t) => rng.normal() * (1 + (t % d)));
  const y = Int8Array.from({ length: n }, (_, i) =>
    X[i * d]! + X[i * d + 1]! + rng.normal() > 0.5 ? 1 : -1,
  );
  const C = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? 0 : scale * (0.5 + rng.next())));
  const D = bias === undefined ? d : d + 1;
  if (!stored || bias === undefined) return { X, n, D, y, C, bias };
  return { X: withBias(X, n, d, bias), n, D, y, C };
}
function fromHex(h: string): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setBigUint64(0, BigInt(`0x${h}`));
  return b.getFloat64(0);
}

// the CG cases (D > 128) stop at maxIter with many rejected full steps: the backtracking path
describe('primal Newton equals the previous implementation (recorded weights, bit for bit)', () => {
  for (const [spec, ref] of Object.entries(previous.cases)) {
    for (const stored of [true, false]) {
      it(`${spec}, ${stored ? 'stored' : 'implicit'} bias column`, () => {
        const r = solvePrimalNewton(problem(spec, stored), 1e-8, 60);
        expect(r.iterations).toBe(ref.iterations);
        expect(r.converged).toBe(ref.converged);
        expectSameBits(r.w, ref.w.map(fromHex));
      });
    }
  }
});
