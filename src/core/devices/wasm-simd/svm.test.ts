/**
 * The wasm-simd svm kernels against libsvm's formulas written as plain left-to-right loops, bit for
 * bit (every dot product summed left to right, exp equal to Math.exp), over the four kernels, odd
 * feature counts, column lists, swaps and several dual-coefficient columns.
 */
import { describe, expect, it } from 'vitest';
import type { SvmKernelSpec } from '../../kernels/svm.js';
import { Rng } from '../../rng.js';
import { withScratch } from './heap.js';
import { SimdKernelRows, simdSvm } from './svm.js';

function rows(rng: Rng, n: number, d: number): Float64Array[] {
  return Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.normal()));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t >>= 1) {
    if (t & 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

function outer(spec: SvmKernelSpec, v: number): number {
  if (spec.kernel === 'poly') return powi(spec.gamma * v + spec.coef0, spec.degree);
  if (spec.kernel === 'sigmoid') return Math.tanh(spec.gamma * v + spec.coef0);
  return v;
}

/** libsvm's Kernel::kernel_function (rbf from the squared norms). */
function trainK(spec: SvmKernelSpec, a: Float64Array, b: Float64Array): number {
  if (spec.kernel === 'rbf') return Math.exp(-spec.gamma * (dot(a, a) + dot(b, b) - 2 * dot(a, b)));
  return outer(spec, dot(a, b));
}

/** libsvm's k_function (rbf from the squared differences). */
function predictK(spec: SvmKernelSpec, a: Float64Array, b: Float64Array): number {
  if (spec.kernel !== 'rbf') return outer(spec, dot(a, b));
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const t = (a[k] as number) - (b[k] as number);
    s += t * t;
  }
  return Math.exp(-spec.gamma * s);
}

const flat = (r: Float64Array[], d: number) => ({
  rows: r.length,
  cols: d,
  data: Float64Array.from(r.flatMap((x) => [...x])),
});

const SPECS: SvmKernelSpec[] = [
  { kernel: 'linear', gamma: 0, coef0: 0, degree: 3 },
  { kernel: 'rbf', gamma: 0.37, coef0: 0, degree: 3 },
  { kernel: 'poly', gamma: 0.5, coef0: 1.25, degree: 3 },
  { kernel: 'poly', gamma: 0.2, coef0: -0.5, degree: 0 },
  { kernel: 'sigmoid', gamma: 0.1, coef0: -0.3, degree: 3 },
];

describe('wasm-simd exp', () => {
  it('equals Math.exp bit for bit, the edges included', () => {
    const rng = new Rng(7);
    const x = new Float64Array(20_000);
    for (let i = 0; i < x.length; i++) {
      const u = rng.next();
      x[i] =
        i % 4 === 0
          ? -746 + u * 1457
          : i % 4 === 1
            ? (u - 0.5) * 3
            : i % 4 === 2
              ? -708 - u * 38
              : (u - 0.5) * 2 ** -(20 + 40 * rng.next());
    }
    const edges = [
      0,
      -0,
      1,
      -1,
      0.5,
      709.78,
      709.79,
      710,
      -745.1,
      -745.2,
      -746,
      1e-300,
      5e-324,
      Infinity,
      -Infinity,
      NaN,
    ];
    const all = Float64Array.from([...x, ...edges]);
    const got = withScratch((h) => {
      const p = h.putF64(all);
      const o = h.alloc(all.length * 8);
      h.fn.expArray(p, all.length, o);
      return h.f64(o, all.length).slice();
    });
    const bad = Array.from(all).filter((v, i) => !Object.is(got[i], Math.exp(v)));
    expect(bad).toEqual([]);
  });
});

describe('wasm-simd svm kernels', () => {
  for (const spec of SPECS) {
    for (const d of [1, 4, 7]) {
      it(`kernel rows, diagonal and swaps match libsvm's Kernel exactly (${spec.kernel} degree ${spec.degree}, d ${d})`, () => {
        const rng = new Rng(d * 13 + spec.degree);
        const n = 23;
        const x = rows(rng, n, d);
        x[5] = (x[4] as Float64Array).map((v) => v + 1e-9);
        const prepared = new SimdKernelRows(flat(x, d), spec);
        const check = (r: Int32Array, c: Int32Array) => {
          const out = new Float32Array(r.length * c.length);
          prepared.kernelRows(r, c, out);
          const want = new Float32Array(out.length);
          r.forEach((i, a) => {
            c.forEach((j, b) => {
              want[a * c.length + b] = trainK(spec, x[i] as Float64Array, x[j] as Float64Array);
            });
          });
          expect(Array.from(out)).toEqual(Array.from(want));
        };
        const all = Int32Array.from({ length: n }, (_, i) => i);
        check(Int32Array.of(0, 3, 22), all);
        check(Int32Array.of(7), Int32Array.of(22, 1, 5, 4, 4, 9, 0));
        prepared.swap(2, 19);
        prepared.swap(4, 0);
        [x[2], x[19]] = [x[19] as Float64Array, x[2] as Float64Array];
        [x[4], x[0]] = [x[0] as Float64Array, x[4] as Float64Array];
        check(all, Int32Array.of(3, 2, 19, 0));
        const diag = prepared.diagonal() as Float64Array;
        expect(Array.from(diag)).toEqual(x.map((r) => trainK(spec, r, r)));
        prepared.dispose();
        expect(() => prepared.diagonal()).toThrow(/after dispose/);
      });
    }
  }

  for (const spec of SPECS) {
    for (const [n, nSV, d, m] of [
      [9, 5, 3, 1],
      [10, 13, 8, 3],
      [1, 2, 5, 2],
    ] as const) {
      it(`kernel decision matches libsvm's k_function sums exactly (${spec.kernel}, n ${n}, nSV ${nSV}, d ${d}, m ${m})`, () => {
        const rng = new Rng(n + nSV * 3 + d);
        const X = rows(rng, n, d);
        const SV = rows(rng, nSV, d);
        const coef = Float64Array.from({ length: nSV * m }, () => rng.normal());
        const got = simdSvm.kernelDecision(flat(X, d), flat(SV, d), spec, coef, m) as Float64Array;
        const want = new Float64Array(n * m);
        X.forEach((xi, i) => {
          for (let c = 0; c < m; c++) {
            let s = 0;
            SV.forEach((z, j) => {
              s += predictK(spec, xi, z) * (coef[j * m + c] as number);
            });
            want[i * m + c] = s;
          }
        });
        expect(Array.from(got)).toEqual(Array.from(want));
      });
    }
  }
});
