/**
 * Cross-entropy (log) loss of a linear model: softmax cross-entropy for k >= 2 outputs, the binary
 * logistic loss (sigmoid) for a single output, with an optional L2 penalty on the weights (never on
 * the intercepts). The value is the weighted SUM over samples (scikit-learn's LogisticRegression
 * objective `sum_i s_i CE_i + 0.5 * l2 * ||W||^2`, with l2 = 1/C), not the mean.
 *
 * Parameter layout of `w`: class-major weights W (k x d, row-major: row c holds class c's
 * coefficients), then the k intercepts when `fitIntercept`. k = nClasses, or k = 1 for a binary
 * problem parameterized by one weight vector (class index 1 is the positive class).
 *
 * On `cpu` a fused one-pass kernel runs on the Float64Array behind X; on every other backend the
 * value and gradient are composed from backend ops (matmul, exp, log, max, sum, ...), keeping X and
 * the one-hot labels on the device (uploaded once per batch object and cached until `release`).
 */
import type { Backend, Tensor } from '../core/backend.js';
import { asCpu, CpuTensor } from '../core/backends/cpu.js';
import { DeviceError, ParamError, ShapeError } from '../core/errors.js';
import { type CeProblem, crossEntropyCpu } from './cross-entropy-cpu.js';
import { crossEntropyParallel, defaultThreads, releaseParallel } from './cross-entropy-pool.js';
import type { Loss, LossBatch } from './types.js';

export interface CrossEntropyOptions {
  /** `w` ends with k intercepts (default true). */
  readonly fitIntercept?: boolean;
  /** L2 strength: adds `0.5 * l2 * ||W||^2` (intercepts excluded). Default 0. */
  readonly l2?: number;
  /**
   * Threads for the `cpu` device (main thread included; worker threads split the rows). Default:
   * the machine's parallelism, at most 4. 1 = never use workers.
   */
  readonly threads?: number;
  /** Problems with fewer than this many multiply-adds per pass (n * d * k) stay on one thread. Default 1e6. */
  readonly parallelMinWork?: number;
}

interface DeviceCache {
  readonly y: Int32Array;
  readonly tensors: Tensor[];
  /** Binary: labels as a 1 x n row of 0/1. Multinomial: one-hot k x n times sample weights. */
  readonly target: Tensor;
  /** Sample weights, length n (ones when none). */
  readonly sw: Tensor;
}

/**
 * Softmax cross-entropy (multinomial log loss) with an optional intercept and l2 / l1 / elastic-net
 * penalties: value and gradient over a flat parameter vector, fused in one pass on the cpu device and
 * parallel over worker threads for large inputs. Used by LogisticRegression.
 */
export class CrossEntropyLoss implements Loss {
  readonly name = 'cross_entropy';
  readonly fitIntercept: boolean;
  readonly l2: number;
  readonly threads: number;
  readonly parallelMinWork: number;
  private readonly cache = new WeakMap<LossBatch, DeviceCache>();
  private readonly problems = new WeakMap<LossBatch, CeProblem>();

  constructor(options: CrossEntropyOptions = {}) {
    this.fitIntercept = options.fitIntercept ?? true;
    this.l2 = options.l2 ?? 0;
    this.threads = options.threads ?? defaultThreads();
    this.parallelMinWork = options.parallelMinWork ?? 1e6;
    if (!(Number.isInteger(this.threads) && this.threads >= 1)) {
      throw new ParamError('threads', this.threads, 'an integer >= 1', 'crossEntropy');
    }
    if (!(Number.isFinite(this.l2) && this.l2 >= 0))
      throw new ParamError('l2', this.l2, 'a finite number >= 0', 'crossEntropy');
  }

  /** Number of outputs k that `w` encodes for this batch (1 = binary logistic). */
  outputs(w: Float64Array, batch: LossBatch): number {
    const d = batch.X.shape[1] ?? 0;
    const per = d + (this.fitIntercept ? 1 : 0);
    if (w.length === per * batch.nClasses && batch.nClasses >= 2) return batch.nClasses;
    if (w.length === per && batch.nClasses <= 2) return 1;
    throw new ShapeError(
      `crossEntropy: ${w.length} parameters do not fit ${d} features x ${batch.nClasses} classes` +
        ` (expected ${per * batch.nClasses}${batch.nClasses <= 2 ? ` or ${per}` : ''}, fitIntercept=${this.fitIntercept})`,
    );
  }

  async valueAndGrad(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
  ): Promise<{ value: number; grad: Float64Array }> {
    const grad = new Float64Array(w.length);
    const value = await this.evaluateAsync(backend, w, batch, grad);
    return { value, grad };
  }

  async value(backend: Backend, w: Float64Array, batch: LossBatch): Promise<number> {
    return this.evaluateAsync(backend, w, batch, null);
  }

  /** Synchronous evaluation (one thread); writes the gradient into `grad` when given. */
  evaluate(backend: Backend, w: Float64Array, batch: LossBatch, grad: Float64Array | null): number {
    const k = this.outputs(w, batch);
    const d = batch.X.shape[1] as number;
    let value: number;
    if (backend.name === 'cpu' && batch.X instanceof CpuTensor) {
      value = crossEntropyCpu(this.cpuProblem(batch, k), w, grad);
    } else {
      throw new DeviceError(
        `crossEntropy.evaluate is synchronous and runs on cpu only; use valueAndGrad() on '${backend.name}'`,
        backend.name,
      );
    }
    return value + this.penalty(w, k * d, grad);
  }

  /** Like `evaluate`, but large cpu problems are split over worker threads. */
  private async evaluateAsync(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
    grad: Float64Array | null,
  ): Promise<number> {
    if (this.threads > 1 && backend.name === 'cpu' && batch.X instanceof CpuTensor) {
      const k = this.outputs(w, batch);
      const [n, d] = batch.X.shape as [number, number];
      if (n * d * k >= this.parallelMinWork) {
        const value = await crossEntropyParallel(this.cpuProblem(batch, k), w, grad, this.threads);
        return value + this.penalty(w, k * d, grad);
      }
    }
    if (backend.name === 'cpu' && batch.X instanceof CpuTensor) return this.evaluate(backend, w, batch, grad);
    // Other devices: backend ops, downloads awaited (GPU backends cannot read synchronously in Node).
    const k = this.outputs(w, batch);
    const d = batch.X.shape[1] as number;
    this.check(batch);
    const value =
      k === 1
        ? await this.binaryOps(backend, w, batch, grad)
        : await this.multinomialOps(backend, w, batch, k, grad);
    return value + this.penalty(w, k * d, grad);
  }

  /** The fused kernel's view of a cpu batch (cached per batch object). */
  private cpuProblem(batch: LossBatch, k: number): CeProblem {
    const hit = this.problems.get(batch);
    if (hit && hit.k === k && hit.y === batch.y && hit.sampleWeight === batch.sampleWeight) return hit;
    this.check(batch);
    const [n, d] = batch.X.shape as [number, number];
    const p: CeProblem = {
      X: asCpu(batch.X).data,
      n,
      d,
      y: batch.y,
      k,
      fitIntercept: this.fitIntercept,
      sampleWeight: batch.sampleWeight,
    };
    this.problems.set(batch, p);
    return p;
  }

  private check(batch: LossBatch): void {
    const n = batch.X.shape[0] as number;
    if (batch.y.length !== n)
      throw new ShapeError(`crossEntropy: X has ${n} rows but y has ${batch.y.length}`);
    if (batch.sampleWeight && batch.sampleWeight.length !== n) {
      throw new ShapeError(
        `crossEntropy: sampleWeight has ${batch.sampleWeight.length} values, expected ${n}`,
      );
    }
  }

  /** 0.5 * l2 * ||W||^2 over the first nW entries; adds l2 * W to grad. */
  private penalty(w: Float64Array, nW: number, grad: Float64Array | null): number {
    if (this.l2 === 0) return 0;
    let sq = 0;
    for (let i = 0; i < nW; i++) {
      const v = w[i] as number;
      sq += v * v;
      if (grad) grad[i] = (grad[i] as number) + this.l2 * v;
    }
    return 0.5 * this.l2 * sq;
  }

  /** Frees the device copies of a batch's labels and weights (call after a fit). */
  release(batch: LossBatch, backend?: Backend): void {
    const p = this.problems.get(batch);
    if (p) {
      releaseParallel(p);
      this.problems.delete(batch);
    }
    const c = this.cache.get(batch);
    if (!c) return;
    this.cache.delete(batch);
    if (backend) backend.dispose(c.tensors);
  }

  private deviceCache(backend: Backend, batch: LossBatch, k: number): DeviceCache {
    const hit = this.cache.get(batch);
    if (hit && hit.y === batch.y) return hit;
    const n = batch.y.length;
    const sw = batch.sampleWeight ?? new Float64Array(n).fill(1);
    let target: Tensor;
    if (k === 1) {
      const row = new Float64Array(n);
      for (let i = 0; i < n; i++) row[i] = batch.y[i] === 1 ? 1 : 0;
      target = backend.fromArray(row, [1, n]);
    } else {
      const oh = new Float64Array(k * n);
      for (let i = 0; i < n; i++) oh[(batch.y[i] as number) * n + i] = sw[i] as number;
      target = backend.fromArray(oh, [k, n]);
    }
    const swT = backend.fromArray(sw, [n]);
    const c: DeviceCache = { y: batch.y, tensors: [target, swT], target, sw: swT };
    this.cache.set(batch, c);
    return c;
  }

  private async binaryOps(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
    grad: Float64Array | null,
  ): Promise<number> {
    const d = batch.X.shape[1] as number;
    const c = this.deviceCache(backend, batch, 1);
    const tmp: Tensor[] = [];
    const t = (x: Tensor): Tensor => {
      tmp.push(x);
      return x;
    };
    try {
      const wRow = t(backend.fromArray(w.subarray(0, d), [1, d]));
      let z = t(backend.matmul(wRow, batch.X, { transposeB: true })); // 1 x n
      if (this.fitIntercept) z = t(backend.add(z, t(backend.scalar(w[d] as number))));
      // softplus(z) = max(z, 0) + log(1 + exp(-|z|))
      const zero = t(backend.scalar(0));
      const one = t(backend.scalar(1));
      const sp = t(
        backend.add(
          t(backend.maximum(z, zero)),
          t(backend.log(t(backend.add(one, t(backend.exp(t(backend.neg(t(backend.abs(z)))))))))),
        ),
      );
      const perSample = t(backend.sub(sp, t(backend.mul(c.target, z))));
      const value = (await backend.toArray(t(backend.sum(t(backend.mul(perSample, c.sw))))))[0] as number;
      if (grad) {
        const r = t(backend.mul(t(backend.sub(t(backend.sigmoid(z)), c.target)), c.sw)); // 1 x n
        const g = await backend.toArray(t(backend.matmul(r, batch.X))); // 1 x d
        grad.set(g.subarray(0, d), 0);
        if (this.fitIntercept) grad[d] = (await backend.toArray(t(backend.sum(r))))[0] as number;
      }
      return value;
    } finally {
      backend.dispose(tmp);
    }
  }

  private async multinomialOps(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
    k: number,
    grad: Float64Array | null,
  ): Promise<number> {
    const d = batch.X.shape[1] as number;
    const kd = k * d;
    const c = this.deviceCache(backend, batch, k);
    const tmp: Tensor[] = [];
    const t = (x: Tensor): Tensor => {
      tmp.push(x);
      return x;
    };
    try {
      const W = t(backend.fromArray(w.subarray(0, kd), [k, d]));
      let zt = t(backend.matmul(W, batch.X, { transposeB: true })); // k x n
      if (this.fitIntercept) zt = t(backend.add(zt, t(backend.fromArray(w.subarray(kd, kd + k), [k, 1]))));
      const m = t(backend.max(zt, 0)); // n
      const e = t(backend.exp(t(backend.sub(zt, m)))); // k x n
      const s = t(backend.sum(e, 0)); // n
      const lse = t(backend.add(t(backend.log(s)), m)); // n
      // sum_i sw_i lse_i - sum_{c,i} (sw_i Y_ci) z_ci
      const a = (await backend.toArray(t(backend.sum(t(backend.mul(lse, c.sw))))))[0] as number;
      const b = (await backend.toArray(t(backend.sum(t(backend.mul(c.target, zt))))))[0] as number;
      if (grad) {
        const rt = t(backend.sub(t(backend.mul(e, t(backend.div(c.sw, s)))), c.target)); // k x n
        const g = await backend.toArray(t(backend.matmul(rt, batch.X))); // k x d
        grad.set(g.subarray(0, kd), 0);
        if (this.fitIntercept) grad.set((await backend.toArray(t(backend.sum(rt, 1)))).subarray(0, k), kd);
      }
      return a - b;
    } finally {
      backend.dispose(tmp);
    }
  }
}

/** A cross-entropy loss (see {@link CrossEntropyLoss}). */
export function crossEntropy(options: CrossEntropyOptions = {}): CrossEntropyLoss {
  return new CrossEntropyLoss(options);
}
