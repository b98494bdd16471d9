/**
 * The linear kernels composed from a Backend's primitive ops (the tfjs devices): scores by one
 * matmul (the argmax is taken on the host from them), and the cross-entropy with X, the targets and
 * the sample weights uploaded once per prepared problem, each evaluation uploading only `w`.
 */
import type { Backend, Tensor } from '../../backend.js';
import type { DenseMatrix } from '../../kernels/contract.js';
import type {
  LinearFunctions,
  LinearKernels,
  LinearLossProblem,
  PreparedLinearLoss,
} from '../../kernels/linear.js';
import { argmaxScores } from '../../kernels/reference/linear.js';
import { scoped } from './scoped.js';

export function linearComposed(backend: Backend): LinearKernels {
  const scores = (X: DenseMatrix, f: LinearFunctions): Promise<Float64Array> =>
    scoped(backend, async (t) => {
      const d = X.cols;
      const Xt = t(backend.fromArray(X.data, [X.rows, d]));
      const W = t(backend.fromArray(f.W, [f.k, d]));
      const z = t(
        backend.add(t(backend.matmul(Xt, W, { transposeB: true })), t(backend.fromArray(f.b, [f.k]))),
      );
      return backend.toArray(z);
    });
  return {
    linearScores: scores,
    linearArgmax: async (X, f) => argmaxScores(await scores(X, f), X.rows, f.k),
    prepareLinearLoss: (p) => prepareComposedLoss(backend, p),
  };
}

function prepareComposedLoss(backend: Backend, p: LinearLossProblem): PreparedLinearLoss {
  const { X, y, k, fitIntercept } = p;
  const n = X.rows;
  const d = X.cols;
  const sw = p.sampleWeight ?? new Float64Array(n).fill(1);
  // binary: labels as a 1 x n row of 0/1; softmax: one-hot k x n times the sample weights
  let target: Float64Array;
  if (k === 1) {
    target = new Float64Array(n);
    for (let i = 0; i < n; i++) target[i] = y[i] === 1 ? 1 : 0;
  } else {
    target = new Float64Array(k * n);
    for (let i = 0; i < n; i++) target[(y[i] as number) * n + i] = sw[i] as number;
  }
  const Xt = backend.fromArray(X.data, [n, d]);
  const targetT = backend.fromArray(target, k === 1 ? [1, n] : [k, n]);
  const swT = backend.fromArray(sw, [n]);
  const resident = [Xt, targetT, swT];
  const read = async (x: Tensor): Promise<number> => (await backend.toArray(x))[0] as number;

  const binary = (w: Float64Array, grad: Float64Array | null): Promise<number> =>
    scoped(backend, async (t) => {
      const wRow = t(backend.fromArray(w.subarray(0, d), [1, d]));
      let z = t(backend.matmul(wRow, Xt, { transposeB: true })); // 1 x n
      if (fitIntercept) z = t(backend.add(z, t(backend.scalar(w[d] as number))));
      // softplus(z) = max(z, 0) + log(1 + exp(-|z|))
      const one = t(backend.scalar(1));
      const sp = t(
        backend.add(
          t(backend.maximum(z, t(backend.scalar(0)))),
          t(backend.log(t(backend.add(one, t(backend.exp(t(backend.neg(t(backend.abs(z)))))))))),
        ),
      );
      const perSample = t(backend.sub(sp, t(backend.mul(targetT, z))));
      const value = await read(t(backend.sum(t(backend.mul(perSample, swT)))));
      if (grad) {
        const r = t(backend.mul(t(backend.sub(t(backend.sigmoid(z)), targetT)), swT)); // 1 x n
        grad.set((await backend.toArray(t(backend.matmul(r, Xt)))).subarray(0, d), 0); // 1 x d
        if (fitIntercept) grad[d] = await read(t(backend.sum(r)));
      }
      return value;
    });

  const softmax = (w: Float64Array, grad: Float64Array | null): Promise<number> =>
    scoped(backend, async (t) => {
      const kd = k * d;
      const W = t(backend.fromArray(w.subarray(0, kd), [k, d]));
      let zt = t(backend.matmul(W, Xt, { transposeB: true })); // k x n
      if (fitIntercept) zt = t(backend.add(zt, t(backend.fromArray(w.subarray(kd, kd + k), [k, 1]))));
      const m = t(backend.max(zt, 0)); // n
      const e = t(backend.exp(t(backend.sub(zt, m)))); // k x n
      const s = t(backend.sum(e, 0)); // n
      const lse = t(backend.add(t(backend.log(s)), m)); // n
      // sum_i sw_i lse_i - sum_{c,i} (sw_i Y_ci) z_ci
      const a = await read(t(backend.sum(t(backend.mul(lse, swT)))));
      const b = await read(t(backend.sum(t(backend.mul(targetT, zt)))));
      if (grad) {
        const rt = t(backend.sub(t(backend.mul(e, t(backend.div(swT, s)))), targetT)); // k x n
        grad.set((await backend.toArray(t(backend.matmul(rt, Xt)))).subarray(0, kd), 0); // k x d
        if (fitIntercept) grad.set((await backend.toArray(t(backend.sum(rt, 1)))).subarray(0, k), kd);
      }
      return a - b;
    });

  return {
    valueAndGrad: k === 1 ? binary : softmax,
    dispose: () => backend.dispose(resident),
  };
}
