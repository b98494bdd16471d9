/**
 * Mini-batch SGD for the linear SVM on any margin Loss (hinge / squared hinge or a custom Loss):
 * minimizes mean_i s_i loss_i + 0.5 l2 ||W||^2 with l2 = 1 / (C n) (the LinearSVC objective divided
 * by C n), step eta_t = eta0 / (1 + eta0 l2 t), and returns the average of the iterates of the last
 * epoch (averaged SGD). Batches go through the backend, so the matmuls run on the chosen device.
 */
import type { Backend } from '../../core/backend.js';
import type { Rng } from '../../core/rng.js';
import type { Loss } from '../../losses/types.js';

export interface SgdProblem {
  /** n x d row-major features (no bias column: the loss has its own intercepts). */
  readonly X: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly y: Int32Array;
  readonly nClasses: number;
  readonly sampleWeight: Float64Array;
}

export interface SgdOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly eta0: number;
  readonly l2: number;
  readonly tol: number;
}

export interface SgdResult {
  readonly w: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly loss: number;
}

export async function solveSgd(
  backend: Backend,
  loss: Loss,
  prob: SgdProblem,
  opts: SgdOptions,
  rng: Rng,
  onEpoch?: (epoch: number, value: number) => void,
): Promise<SgdResult> {
  const { X, n, d } = prob;
  const k = prob.nClasses === 2 ? 1 : prob.nClasses;
  const w = new Float64Array(k * (d + 1));
  const avg = new Float64Array(w.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const bs = Math.min(opts.batchSize, n);
  const bx = new Float64Array(bs * d);
  const by = new Int32Array(bs);
  const bw = new Float64Array(bs);
  let t = 0;
  let prev = Infinity;
  let epoch = 0;
  let converged = false;
  let last = Infinity;
  for (; epoch < opts.epochs; epoch++) {
    rng.shuffle(order);
    avg.fill(0);
    let steps = 0;
    let sum = 0;
    for (let start = 0; start < n; start += bs) {
      const m = Math.min(bs, n - start);
      for (let r = 0; r < m; r++) {
        const i = order[start + r] as number;
        bx.set(X.subarray(i * d, i * d + d), r * d);
        by[r] = prob.y[i] as number;
        bw[r] = prob.sampleWeight[i] as number;
      }
      const tx = backend.fromArray(m === bs ? bx : bx.subarray(0, m * d), [m, d]);
      try {
        const { value, grad } = await loss.valueAndGrad(backend, w, {
          X: tx,
          y: m === bs ? by : by.subarray(0, m),
          nClasses: prob.nClasses,
          sampleWeight: m === bs ? bw : bw.subarray(0, m),
        });
        sum += value * m;
        const eta = opts.eta0 / (1 + opts.eta0 * opts.l2 * t);
        for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) - eta * (grad[j] as number);
        if (opts.l2 > 0 && !lossHasL2(loss)) {
          for (let j = 0; j < k * d; j++) w[j] = (w[j] as number) * (1 - eta * opts.l2);
        }
      } finally {
        backend.dispose(tx);
      }
      for (let j = 0; j < w.length; j++) avg[j] = (avg[j] as number) + (w[j] as number);
      steps++;
      t++;
    }
    last = sum / n;
    for (let j = 0; j < w.length; j++) avg[j] = (avg[j] as number) / steps;
    onEpoch?.(epoch, last);
    if (Math.abs(prev - last) <= opts.tol * Math.max(1, Math.abs(last))) {
      converged = true;
      epoch++;
      break;
    }
    prev = last;
  }
  return { w: avg, iterations: epoch, converged, loss: last };
}

/** Our hinge losses carry their own l2 term; a custom Loss may not. */
function lossHasL2(loss: Loss): boolean {
  return typeof (loss as { l2?: unknown }).l2 === 'number';
}
