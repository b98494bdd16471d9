/** WGSL Gaussian NB kernels against plain float64 loops, including features with a large offset. */
import { describe, it } from 'vitest';
import { getGpu } from './gpu.js';
import { webgpuNb } from './nb.js';
import { closeTo, HAS_WEBGPU, matrix, rng } from './test-utils/index.js';

describe.runIf(HAS_WEBGPU)('webgpu nb kernels', () => {
  const r = rng(11);
  const n = 53;
  const d = 5;
  const K = 3;
  const X = matrix(r, n, d);
  // Feature 2 sits at 1e4 with spread 1e-2: float32 of the raw values would lose the variance.
  for (let i = 0; i < n; i++) X.data[i * d + 2] = 1e4 + 1e-2 * (X.data[i * d + 2] as number);
  const y = Int32Array.from({ length: n }, (_, i) => i % K);

  it('classMoments: weighted counts, means and variances', async () => {
    const nb = webgpuNb(await getGpu());
    for (const weights of [null, Float64Array.from({ length: n }, () => 0.2 + r())]) {
      const count = new Float64Array(K);
      const mean = new Float64Array(K * d);
      const variance = new Float64Array(K * d);
      for (let i = 0; i < n; i++) {
        const c = y[i] as number;
        count[c] = (count[c] as number) + (weights ? (weights[i] as number) : 1);
      }
      for (let i = 0; i < n; i++) {
        const c = y[i] as number;
        const w = weights ? (weights[i] as number) : 1;
        for (let j = 0; j < d; j++)
          mean[c * d + j] =
            (mean[c * d + j] as number) + (w * (X.data[i * d + j] as number)) / (count[c] as number);
      }
      for (let i = 0; i < n; i++) {
        const c = y[i] as number;
        const w = weights ? (weights[i] as number) : 1;
        for (let j = 0; j < d; j++) {
          const e = (X.data[i * d + j] as number) - (mean[c * d + j] as number);
          variance[c * d + j] = (variance[c * d + j] as number) + (w * e * e) / (count[c] as number);
        }
      }
      const got = await nb.classMoments(X, y, weights, K);
      closeTo(got.count, count, 1e-6);
      closeTo(got.mean, mean, 1e-7);
      // Relative to the variance itself (1e-4 of a spread of 1e-2 would pass anything).
      closeTo(
        got.variance.map((v, e) => v / (variance[e] as number)),
        variance.map(() => 1),
        1e-4,
      );
    }
  });

  it('jointLogLikelihood: logConst - 0.5 * sum (x - theta)^2 / var', async () => {
    const nb = webgpuNb(await getGpu());
    const { mean: theta, variance } = await nb.classMoments(X, y, null, K);
    const invVar = variance.map((v) => 1 / v);
    const logConst = Float64Array.from({ length: K }, () => r() * 3);
    const want = new Float64Array(n * K);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < K; c++) {
        let q = 0;
        for (let j = 0; j < d; j++) {
          const e = (X.data[i * d + j] as number) - (theta[c * d + j] as number);
          q += e * e * (invVar[c * d + j] as number);
        }
        want[i * K + c] = (logConst[c] as number) - 0.5 * q;
      }
    closeTo(await nb.jointLogLikelihood(X, theta, invVar, logConst), want, 1e-5);
  });
});
