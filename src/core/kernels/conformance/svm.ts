/**
 * Conformance cases of the svm kernels (seeded inputs, edge cases): every kernel function (linear,
 * poly of degree 0..4, rbf, sigmoid) on several shapes; kernel rows (signed by labels or not) for
 * full, partial (len < n) and scattered column sets written at their positions, batches of rows,
 * after shrinking swaps, and near-identical rows for rbf;
 * the decision block with one coefficient column (binary) and several (one-vs-one pairs).
 */
import { Rng } from '../../rng.js';
import type { DenseMatrix } from '../contract.js';
import type { Kernels } from '../index.js';
import type { SvmKernelSpec } from '../svm.js';
import type { KernelCase, KernelOutput } from './types.js';

/** n x d matrix of uniform values in [-scale, scale) (seeded). */
function uniform(n: number, d: number, seed: number, scale = 1): DenseMatrix {
  const rng = new Rng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = scale * (2 * rng.next() - 1);
  return { rows: n, cols: d, data };
}

/** n rows that differ from one base row by at most `eps` per feature. */
function nearIdentical(n: number, d: number, seed: number, eps: number): DenseMatrix {
  const base = uniform(1, d, seed, 3).data;
  const noise = uniform(n, d, seed + 1, eps).data;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) data[i * d + k] = base[k]! + noise[i * d + k]!;
  return { rows: n, cols: d, data };
}

function range(a: number, b: number): Int32Array {
  return Int32Array.from({ length: b - a }, (_, i) => a + i);
}

function specsFor(d: number): { label: string; spec: SvmKernelSpec }[] {
  const gamma = 1 / d;
  const out: { label: string; spec: SvmKernelSpec }[] = [
    { label: 'linear', spec: { kernel: 'linear', gamma, coef0: 0, degree: 3 } },
    { label: 'rbf', spec: { kernel: 'rbf', gamma, coef0: 0, degree: 3 } },
    { label: 'sigmoid', spec: { kernel: 'sigmoid', gamma: 0.5 * gamma, coef0: -0.3, degree: 3 } },
  ];
  for (const degree of [0, 1, 2, 3, 4])
    out.push({ label: `poly degree ${degree}`, spec: { kernel: 'poly', gamma, coef0: 0.5, degree } });
  return out;
}

/** Labels +1/-1 (seeded). */
function labels(n: number, seed: number): Int8Array {
  const rng = new Rng(seed);
  return Int8Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : -1));
}

/** An entry no kernel writes: the output keeps it wherever no column was asked for. */
const UNTOUCHED = -3;

/**
 * Prepares X (with labels y, or none), applies the swaps, then returns each requested block (rows
 * x positions [0, stride), the entries not asked for left at UNTOUCHED) and the diagonal.
 */
function rowsCase(
  name: string,
  X: DenseMatrix,
  spec: SvmKernelSpec,
  y: Int8Array | undefined,
  requests: readonly { rows: Int32Array; cols: Int32Array }[],
  swaps: readonly [number, number][] = [],
  tolerance?: KernelCase['tolerance'],
): KernelCase {
  return {
    kernel: 'prepareKernelRows',
    name,
    ...(tolerance ? { tolerance } : {}),
    async run(k: Kernels): Promise<readonly KernelOutput[]> {
      const prepared = y ? k.prepareKernelRows(X, spec, y) : k.prepareKernelRows(X, spec);
      try {
        for (const [i, j] of swaps) prepared.swap(i, j);
        const outs: KernelOutput[] = [];
        for (const { rows, cols } of requests) {
          const stride = X.rows;
          const out = new Float32Array(rows.length * stride).fill(UNTOUCHED);
          await prepared.kernelRows(rows, cols, out, stride);
          outs.push(out);
        }
        outs.push(await prepared.diagonal());
        return outs;
      } finally {
        prepared.dispose();
      }
    },
  };
}

function decisionCase(
  name: string,
  X: DenseMatrix,
  SV: DenseMatrix,
  spec: SvmKernelSpec,
  coef: Float64Array,
  m: number,
  tolerance?: KernelCase['tolerance'],
): KernelCase {
  return {
    kernel: 'kernelDecision',
    name,
    ...(tolerance ? { tolerance } : {}),
    async run(k: Kernels): Promise<readonly KernelOutput[]> {
      return [await k.kernelDecision(X, SV, spec, coef, m)];
    },
  };
}

/** One-vs-one coefficients: SVs grouped by class, pair (a, b) only weights the SVs of a and b. */
function ovoCoef(nSV: number, k: number, seed: number): { coef: Float64Array; m: number } {
  const m = (k * (k - 1)) / 2;
  const rng = new Rng(seed);
  const coef = new Float64Array(nSV * m);
  const cls = (s: number): number => Math.min(k - 1, Math.floor((s * k) / nSV));
  for (let s = 0; s < nSV; s++) {
    let p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        if (cls(s) === a) coef[s * m + p] = rng.next();
        else if (cls(s) === b) coef[s * m + p] = -rng.next();
        p++;
      }
    }
  }
  return { coef, m };
}

function buildCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const shapes: readonly [number, number][] = [
    [7, 3],
    [33, 17],
    [64, 1],
    [21, 40],
  ];
  for (const [n, d] of shapes) {
    const X = uniform(n, d, 11 * n + d);
    const y = labels(n, n + d);
    for (const { label, spec } of specsFor(d)) {
      const shape = `${n}x${d}`;
      cases.push(
        rowsCase(`${label}, ${shape}: one full row (no labels: K)`, X, spec, undefined, [
          { rows: Int32Array.of(n >> 1), cols: range(0, n) },
        ]),
        rowsCase(`${label}, ${shape}: a batch of signed rows, partial (len < n)`, X, spec, y, [
          { rows: Int32Array.of(0, n - 1, n >> 1, 1 % n), cols: range(0, Math.max(1, n - 3)) },
        ]),
        rowsCase(`${label}, ${shape}: the tail of a row and scattered columns`, X, spec, y, [
          { rows: Int32Array.of(n - 1), cols: range(n >> 1, n) },
          {
            rows: Int32Array.of(1 % n, 0),
            cols: Int32Array.from(range(0, n).filter((j) => j % 3 !== 1)).reverse(),
          },
        ]),
        rowsCase(
          `${label}, ${shape}: signed rows after shrinking swaps`,
          X,
          spec,
          y,
          [
            { rows: Int32Array.of(0, n - 1), cols: range(0, n) },
            { rows: Int32Array.of(n >> 1), cols: range(0, Math.max(1, n >> 1)) },
          ],
          [
            [0, n - 1],
            [1 % n, n >> 1],
            [0, 0],
            [n - 1, 1 % n],
          ],
        ),
      );
    }
  }
  // rbf between rows closer than float32 resolution of their norms (the exponent is ~0)
  for (const eps of [1e-6, 1e-9]) {
    const X = nearIdentical(12, 9, 5, eps);
    const spec: SvmKernelSpec = { kernel: 'rbf', gamma: 0.7, coef0: 0, degree: 3 };
    cases.push(
      rowsCase(`rbf, near-identical rows (${eps})`, X, spec, labels(12, 2), [
        { rows: range(0, 12), cols: range(0, 12) },
      ]),
    );
  }
  // a wider gamma range for rbf (small and large kernel values)
  for (const gamma of [1e-3, 3]) {
    const X = uniform(19, 6, 3);
    const spec: SvmKernelSpec = { kernel: 'rbf', gamma, coef0: 0, degree: 3 };
    cases.push(
      rowsCase(`rbf gamma ${gamma}, 19x6`, X, spec, undefined, [{ rows: range(0, 19), cols: range(0, 19) }]),
    );
  }

  // kernelDecision: m = 1 (binary) and m > 1 (one-vs-one pairs), several shapes
  const decShapes: readonly { n: number; nSV: number; d: number; k: number }[] = [
    { n: 1, nSV: 1, d: 3, k: 2 },
    { n: 9, nSV: 5, d: 4, k: 2 },
    { n: 70, nSV: 40, d: 17, k: 2 },
    { n: 13, nSV: 31, d: 7, k: 3 },
    { n: 37, nSV: 23, d: 2, k: 4 },
  ];
  for (const { n, nSV, d, k } of decShapes) {
    const X = uniform(n, d, 3 * n + d);
    const SV = uniform(nSV, d, 7 * nSV + d);
    const { coef, m } = ovoCoef(nSV, k, n + nSV);
    for (const { label, spec } of specsFor(d)) {
      cases.push(decisionCase(`${label}, ${n} rows x ${nSV} SVs x ${d}, m = ${m}`, X, SV, spec, coef, m));
    }
  }
  {
    // test rows next to the support vectors: rbf by the direct sum of squared differences
    const SV = nearIdentical(6, 5, 9, 1e-3);
    const X = nearIdentical(8, 5, 9, 1e-8);
    const { coef, m } = ovoCoef(6, 3, 1);
    const spec: SvmKernelSpec = { kernel: 'rbf', gamma: 2, coef0: 0, degree: 3 };
    cases.push(decisionCase('rbf, rows next to the support vectors, m = 3', X, SV, spec, coef, m));
  }
  {
    // the linear kernel with an identity coefficient block: the pairs' primal weights as SVs
    const X = uniform(15, 6, 4);
    const W = uniform(3, 6, 5);
    const I = new Float64Array(9);
    for (let c = 0; c < 3; c++) I[c * 3 + c] = 1;
    const spec: SvmKernelSpec = { kernel: 'linear', gamma: 1, coef0: 0, degree: 3 };
    cases.push(decisionCase('linear, primal weights with identity coefficients, m = 3', X, W, spec, I, 3));
  }
  return cases;
}

export const svmCases: readonly KernelCase[] = buildCases();
