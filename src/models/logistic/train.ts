/**
 * The fit core of LogisticRegression: builds the objective
 *   f(W, b) = sum_i s_i CE_i(W, b) + 0.5 * (1/C) * ||W||^2        (scikit-learn's, not averaged)
 * on the chosen device (its prepareLinearLoss kernel; X prepared once per problem) and minimizes it with lbfgs (full batch), or with
 * mini-batch sgd / momentum / adam on the mean-scaled objective f / n (same minimizer), or with a
 * user-supplied Optimizer (full batch, its own `minimize`).
 */
import type { Backend, Tensor } from '../../core/backend.js';
import { ParamError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { Rng } from '../../core/rng.js';
import { CrossEntropyLoss } from '../../losses/cross-entropy.js';
import type { Loss, LossBatch } from '../../losses/types.js';
import { createOptimizer } from '../../optimizers/index.js';
import type { Objective, Optimizer } from '../../optimizers/types.js';
import type { TrainingLogger } from '../base.js';
import type { LogisticSolver } from './params.js';

export interface SolveSettings {
  readonly solver: LogisticSolver | Optimizer;
  readonly loss: Loss;
  /** L2 strength on W (1/C, or 0 for penalty 'none'). */
  readonly l2: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Starting point (warm start), in the flat layout; zeros when absent. */
  readonly w0?: Float64Array | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly logger?: TrainingLogger | undefined;
}

export interface SolveResult {
  /** Flat parameters: W (k x d, row-major) then k intercepts when fitIntercept. */
  readonly w: Float64Array;
  readonly nIter: number;
  readonly converged: boolean;
  readonly value: number;
}

/** Number of epochs without an improvement of at least `tol` before sgd/adam stop (scikit-learn's n_iter_no_change). */
export const N_ITER_NO_CHANGE = 5;

/**
 * A loss batch over host rows: the cross-entropy kernel reads `host`; the tensor X is uploaded only
 * when a loss reads it (a custom Loss on backend ops), once, and freed by `dispose`.
 */
class HostBatch implements LossBatch {
  readonly sampleWeight?: Float64Array;
  private tensor: Tensor | null = null;

  constructor(
    private readonly backend: Backend,
    readonly host: Matrix,
    readonly y: Int32Array,
    readonly nClasses: number,
    sampleWeight: Float64Array | undefined,
  ) {
    if (sampleWeight) this.sampleWeight = sampleWeight;
  }

  get X(): Tensor {
    this.tensor ??= this.backend.fromArray(this.host.data, [this.host.rows, this.host.cols]);
    return this.tensor;
  }

  dispose(): void {
    if (this.tensor) this.backend.dispose(this.tensor);
    this.tensor = null;
  }
}

/** Adds 0.5 * scale * ||W||^2 (first `nW` entries) to value and scale * W to grad, in place. */
function addPenalty(
  r: { value: number; grad: Float64Array },
  w: Float64Array,
  nW: number,
  scale: number,
): number {
  if (scale === 0) return r.value;
  let sq = 0;
  for (let i = 0; i < nW; i++) {
    const v = w[i] as number;
    sq += v * v;
    r.grad[i] = (r.grad[i] as number) + scale * v;
  }
  return r.value + 0.5 * scale * sq;
}

/**
 * Minimizes the cross-entropy objective of one linear problem with k outputs (k = 1: binary
 * logistic on labels 0/1; k >= 2: multinomial on labels 0..k-1).
 */
export async function solveLinear(
  backend: Backend,
  X: Matrix,
  y: Int32Array,
  k: number,
  sampleWeight: Float64Array | undefined,
  s: SolveSettings,
): Promise<SolveResult> {
  const d = X.cols;
  const nW = k * d;
  const w0 = new Float64Array(nW + (s.fitIntercept ? k : 0));
  if (s.w0 && s.w0.length === w0.length) w0.set(s.w0);
  const nClasses = k === 1 ? 2 : k;
  if (typeof s.solver !== 'string' || s.solver === 'lbfgs') {
    const batch = new HostBatch(backend, X, y, nClasses, sampleWeight);
    const objective: Objective = {
      valueAndGrad: async (w) => {
        const r = await s.loss.valueAndGrad(backend, w, batch);
        return { value: addPenalty(r, w, nW, s.l2), grad: r.grad };
      },
    };
    const optimizer = typeof s.solver === 'string' ? createOptimizer('lbfgs') : s.solver;
    optimizer.reset();
    try {
      const r = await optimizer.minimize(w0, objective, {
        maxIter: s.maxIter,
        tol: s.tol,
        ...(s.signal ? { signal: s.signal } : {}),
        onIteration: (iteration, value) => s.logger?.({ iteration, loss: value }),
      });
      return { w: r.w, nIter: r.iterations, converged: r.converged, value: r.value };
    } finally {
      releaseLoss(s.loss, batch, backend);
      batch.dispose();
    }
  }
  return solveStochastic(backend, X, y, nClasses, sampleWeight, s, w0, nW);
}

function releaseLoss(loss: Loss, batch: LossBatch, backend: Backend): void {
  const rel = (loss as { release?: (b: LossBatch, be?: Backend) => void }).release;
  if (typeof rel === 'function') rel.call(loss, batch, backend);
}

async function solveStochastic(
  backend: Backend,
  X: Matrix,
  y: Int32Array,
  nClasses: number,
  sampleWeight: Float64Array | undefined,
  s: SolveSettings,
  w: Float64Array,
  nW: number,
): Promise<SolveResult> {
  const { rows: n, cols: d } = X;
  const optimizer = createOptimizer(s.solver as string, { learningRate: s.learningRate });
  optimizer.reset();
  const rng = new Rng(s.seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const bs = Math.min(s.batchSize, n);
  const l2PerSample = s.l2 / n;
  let best = Infinity;
  let stale = 0;
  let epoch = 0;
  let converged = false;
  let last = Number.NaN;
  while (epoch < s.maxIter) {
    if (s.signal?.aborted) break;
    rng.shuffle(order);
    let total = 0;
    for (let start = 0; start < n; start += bs) {
      const idx = order.subarray(start, Math.min(n, start + bs));
      const b = idx.length;
      const yb = new Int32Array(b);
      const xb = new Float64Array(b * d);
      for (let t = 0; t < b; t++) {
        const i = idx[t] as number;
        yb[t] = y[i] as number;
        xb.set(X.data.subarray(i * d, i * d + d), t * d);
      }
      let swb: Float64Array | undefined;
      if (sampleWeight) {
        swb = new Float64Array(b);
        for (let t = 0; t < b; t++) swb[t] = sampleWeight[idx[t] as number] as number;
      }
      const batch = new HostBatch(backend, { rows: b, cols: d, data: xb }, yb, nClasses, swb);
      try {
        const objective: Objective = {
          valueAndGrad: async (wv) => {
            const r = await s.loss.valueAndGrad(backend, wv, batch);
            const g = r.grad;
            for (let i = 0; i < g.length; i++) g[i] = (g[i] as number) / b;
            return { value: addPenalty({ value: r.value / b, grad: g }, wv, nW, l2PerSample), grad: g };
          },
        };
        const r = await optimizer.step(w, objective);
        total += r.value * b;
      } finally {
        releaseLoss(s.loss, batch, backend);
        batch.dispose();
      }
    }
    epoch++;
    last = total / n;
    s.logger?.({ iteration: epoch, loss: last });
    if (!Number.isFinite(last)) break;
    if (last > best - s.tol) stale++;
    else stale = 0;
    if (last < best) best = last;
    if (stale >= N_ITER_NO_CHANGE) {
      converged = true;
      break;
    }
  }
  return { w, nIter: epoch, converged, value: last * n };
}

/** The loss a fit uses: the default cross-entropy, a name for it, or a Loss instance. */
export function resolveLoss(loss: unknown, fitIntercept: boolean): Loss {
  if (
    loss === undefined ||
    loss === null ||
    loss === 'cross_entropy' ||
    loss === 'log_loss' ||
    loss === 'crossEntropy'
  ) {
    return new CrossEntropyLoss({ fitIntercept });
  }
  if (typeof loss === 'object' && typeof (loss as Loss).valueAndGrad === 'function') return loss as Loss;
  throw new ParamError(
    'loss',
    loss,
    "'cross_entropy' (alias 'log_loss') or a Loss instance",
    'LogisticRegression',
  );
}
