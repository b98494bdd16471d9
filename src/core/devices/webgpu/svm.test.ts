/** WGSL SVM kernels against libsvm's kernel functions in float64 loops. */
import { describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../kernels/contract.js';
import type { SvmKernelSpec } from '../../kernels/svm.js';
import { getGpu } from './gpu.js';
import { webgpuSvm } from './svm.js';
import { closeTo, HAS_WEBGPU, matrix, rng } from './test-utils/index.js';

function kernel(spec: SvmKernelSpec, a: DenseMatrix, i: number, b: DenseMatrix, j: number): number {
  const d = a.cols;
  let dot = 0;
  let dist = 0;
  for (let f = 0; f < d; f++) {
    const u = a.data[i * d + f] as number;
    const v = b.data[j * d + f] as number;
    dot += u * v;
    dist += (u - v) * (u - v);
  }
  switch (spec.kernel) {
    case 'linear':
      return dot;
    case 'poly':
      return (spec.gamma * dot + spec.coef0) ** spec.degree;
    case 'rbf':
      return Math.exp(-spec.gamma * dist);
    case 'sigmoid':
      return Math.tanh(spec.gamma * dot + spec.coef0);
  }
}

const SPECS: SvmKernelSpec[] = [
  { kernel: 'linear', gamma: 0, coef0: 0, degree: 0 },
  { kernel: 'poly', gamma: 0.3, coef0: -0.5, degree: 3 },
  { kernel: 'rbf', gamma: 0.7, coef0: 0, degree: 0 },
  { kernel: 'sigmoid', gamma: 0.2, coef0: 0.1, degree: 0 },
];

describe.runIf(HAS_WEBGPU)('webgpu svm kernels', () => {
  const r = rng(3);
  const X = matrix(r, 29, 7);

  it('prepareKernelRows: Q rows (labels), scattered columns at their stride, the diagonal, swaps', async () => {
    const svm = webgpuSvm(await getGpu());
    const y = Int8Array.from({ length: X.rows }, (_, i) => (i % 3 === 0 ? -1 : 1));
    for (const spec of SPECS) {
      const prep = svm.prepareKernelRows(X, spec, y);
      const host = { rows: X.rows, cols: X.cols, data: X.data.slice() };
      const hy = y.slice();
      prep.swap(2, 20);
      prep.swap(5, 5);
      for (const [a, b] of [
        [2, 20],
        [5, 5],
      ] as const) {
        const t = host.data.slice(a * 7, a * 7 + 7);
        host.data.copyWithin(a * 7, b * 7, b * 7 + 7);
        host.data.set(t, b * 7);
        [hy[a], hy[b]] = [hy[b] as number, hy[a] as number];
      }
      const rows = Int32Array.from([0, 2, 20, 28, 2]);
      const cols = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 28, 27]);
      const stride = 30;
      const out = new Float32Array(rows.length * stride).fill(-7);
      await prep.kernelRows(rows, cols, out, stride);
      const want = new Float64Array(out.length).fill(-7);
      rows.forEach((row, k) => {
        for (const col of cols)
          want[k * stride + col] =
            (hy[row] as number) * (hy[col] as number) * kernel(spec, host, row, host, col);
      });
      closeTo(out, want, 1e-5);
      const diag = Float64Array.from({ length: X.rows }, (_, p) => kernel(spec, host, p, host, p));
      closeTo(await prep.diagonal(), diag, 1e-5);
      prep.dispose();
    }
  });

  it('kernelDecision: kernel block x coefficients over several columns', async () => {
    const svm = webgpuSvm(await getGpu());
    const SV = matrix(r, 83, 7);
    const m = 3;
    const coef = Float64Array.from({ length: 83 * m }, () => 2 * r() - 1);
    for (const spec of SPECS) {
      const want = new Float64Array(X.rows * m);
      for (let i = 0; i < X.rows; i++)
        for (let s = 0; s < SV.rows; s++) {
          const kv = kernel(spec, X, i, SV, s);
          for (let c = 0; c < m; c++)
            want[i * m + c] = (want[i * m + c] as number) + kv * (coef[s * m + c] as number);
        }
      closeTo(await svm.kernelDecision(X, SV, spec, coef, m), want, 1e-5);
    }
    expect(
      await svm.kernelDecision(
        X,
        { rows: 0, cols: 7, data: new Float64Array() },
        SPECS[0] as SvmKernelSpec,
        new Float64Array(),
        m,
      ),
    ).toEqual(new Float64Array(X.rows * m));
  });
});
