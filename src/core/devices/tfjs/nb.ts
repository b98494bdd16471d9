/**
 * The Gaussian NB kernels composed from a Backend's primitive ops (the tfjs devices). Moments: the
 * weighted one-hot labels (K x n) times the shifted X and its square, then mean and variance on the
 * host. Joint log-likelihood: with X and theta centred on the class-mean of theta (so large
 * feature values do not cancel in float32),
 *   jll = Xc^2 @ (-0.5 invVar)^T + Xc @ (thetac * invVar)^T + (logConst - 0.5 sum thetac^2 invVar).
 */
import type { Backend, Tensor } from '../../backend.js';
import type { DenseMatrix } from '../../kernels/contract.js';
import type { ClassMoments, NbKernels } from '../../kernels/nb.js';
import { momentsFromSums } from '../../kernels/reference/nb.js';
import { scoped } from './scoped.js';

export function nbComposed(backend: Backend): NbKernels {
  const run = <T>(body: (t: (x: Tensor) => Tensor) => Promise<T>): Promise<T> => scoped(backend, body);

  const classMoments = (
    X: DenseMatrix,
    y: Int32Array,
    weights: Float64Array | null,
    K: number,
  ): Promise<ClassMoments> =>
    run(async (t) => {
      const { rows: n, cols: d, data } = X;
      const shift = n > 0 ? data.slice(0, d) : new Float64Array(d);
      const count = new Float64Array(K);
      const Y = new Float64Array(K * n);
      for (let i = 0; i < n; i++) {
        const c = y[i] as number;
        const w = weights ? (weights[i] as number) : 1;
        count[c] = (count[c] as number) + w;
        Y[c * n + i] = w;
      }
      const Yt = t(backend.fromArray(Y, [K, n]));
      const Xs = t(backend.sub(t(backend.fromArray(data, [n, d])), t(backend.fromArray(shift, [1, d]))));
      const S1 = await backend.toArray(t(backend.matmul(Yt, Xs))); // K x d
      const S2 = await backend.toArray(t(backend.matmul(Yt, t(backend.mul(Xs, Xs)))));
      return momentsFromSums(count, S1, S2, shift);
    });

  const jointLogLikelihood = (
    X: DenseMatrix,
    theta: Float64Array,
    invVar: Float64Array,
    logConst: Float64Array,
  ): Promise<Float64Array> =>
    run(async (t) => {
      const { rows: n, cols: d, data } = X;
      const K = logConst.length;
      const centre = new Float64Array(d);
      for (let c = 0; c < K; c++) for (let j = 0; j < d; j++) centre[j] += (theta[c * d + j] as number) / K;
      const w2 = new Float64Array(d * K);
      const w1 = new Float64Array(d * K);
      const bias = new Float64Array(K);
      for (let c = 0; c < K; c++) {
        let q = 0;
        for (let j = 0; j < d; j++) {
          const iv = invVar[c * d + j] as number;
          const tc = (theta[c * d + j] as number) - (centre[j] as number);
          w2[j * K + c] = -0.5 * iv;
          w1[j * K + c] = tc * iv;
          q += tc * tc * iv;
        }
        bias[c] = (logConst[c] as number) - 0.5 * q;
      }
      const Xc = t(backend.sub(t(backend.fromArray(data, [n, d])), t(backend.fromArray(centre, [1, d]))));
      const quad = t(backend.matmul(t(backend.mul(Xc, Xc)), t(backend.fromArray(w2, [d, K]))));
      const lin = t(backend.matmul(Xc, t(backend.fromArray(w1, [d, K]))));
      const jll = t(backend.add(t(backend.add(quad, lin)), t(backend.fromArray(bias, [1, K]))));
      return backend.toArray(jll);
    });

  return { classMoments, jointLogLikelihood };
}
