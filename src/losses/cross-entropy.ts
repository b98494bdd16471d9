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
 * The value and gradient come from the device's `prepareLinearLoss` kernel (the fused one-pass
 * float64 SIMD loop on `cpu` and `wasm-simd`, split over worker threads for big problems; ops
 * composed on the tfjs devices), prepared once per batch object and kept until `release`.
 */
import type { Backend } from '../core/backend.js';
import { ParamError, ShapeError } from '../core/errors.js';
import type { DenseMatrix, PreparedLinearLoss } from '../core/kernels/index.js';
import { getKernels } from '../core/kernels/registry.js';
import { defaultThreads } from './cross-entropy-pool.js';
import type { Loss, LossBatch } from './types.js';

export interface CrossEntropyOptions {
  /** `w` ends with k intercepts (default true). */
  readonly fitIntercept?: boolean;
  /** L2 strength: adds `0.5 * l2 * ||W||^2` (intercepts excluded). Default 0. */
  readonly l2?: number;
  /**
   * Threads for the host devices `cpu` and `wasm-simd` (main thread included; worker threads split
   * the rows). Default: the machine's parallelism, at most 4. 1 = never use workers.
   */
  readonly threads?: number;
  /** Problems with fewer than this many multiply-adds per pass (n * d * k) stay on one thread. Default 1e6. */
  readonly parallelMinWork?: number;
}

/** The kernel's problem of one batch, for one output count and backend. */
interface Prepared {
  readonly k: number;
  readonly backend: Backend;
  readonly y: Int32Array;
  readonly sampleWeight: Float64Array | undefined;
  readonly loss: PreparedLinearLoss;
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
  private readonly prepared = new WeakMap<LossBatch, Prepared>();

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
    const d = shapeOf(batch)[1];
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
    const value = await this.evaluate(backend, w, batch, grad);
    return { value, grad };
  }

  async value(backend: Backend, w: Float64Array, batch: LossBatch): Promise<number> {
    return this.evaluate(backend, w, batch, null);
  }

  private async evaluate(
    backend: Backend,
    w: Float64Array,
    batch: LossBatch,
    grad: Float64Array | null,
  ): Promise<number> {
    const k = this.outputs(w, batch);
    const loss = await this.prepare(backend, batch, k);
    const value = await loss.valueAndGrad(w, grad);
    return value + this.penalty(w, k * shapeOf(batch)[1], grad);
  }

  /** The device's prepared problem of a batch (made on first use, kept until `release`). */
  private async prepare(backend: Backend, batch: LossBatch, k: number): Promise<PreparedLinearLoss> {
    const hit = this.prepared.get(batch);
    if (
      hit &&
      hit.k === k &&
      hit.backend === backend &&
      hit.y === batch.y &&
      hit.sampleWeight === batch.sampleWeight
    ) {
      return hit.loss;
    }
    hit?.loss.dispose();
    this.prepared.delete(batch);
    this.check(batch);
    const [n, d] = shapeOf(batch);
    const X: DenseMatrix = batch.host ?? { rows: n, cols: d, data: await backend.toArray(batch.X) };
    const kernels = await getKernels(backend.name);
    const loss = kernels.prepareLinearLoss({
      X,
      y: batch.y,
      k,
      fitIntercept: this.fitIntercept,
      sampleWeight: batch.sampleWeight ?? null,
      threads: n * d * k >= this.parallelMinWork ? this.threads : 1,
    });
    this.prepared.set(batch, { k, backend, y: batch.y, sampleWeight: batch.sampleWeight, loss });
    return loss;
  }

  private check(batch: LossBatch): void {
    const n = shapeOf(batch)[0];
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

  /** Frees what the device holds for a batch (call after a fit). */
  release(batch: LossBatch, _backend?: Backend): void {
    this.prepared.get(batch)?.loss.dispose();
    this.prepared.delete(batch);
  }
}

/** Rows and columns of a batch's X (from the host copy when there is one: the tensor may be lazy). */
function shapeOf(batch: LossBatch): [number, number] {
  if (batch.host) return [batch.host.rows, batch.host.cols];
  const [n, d] = batch.X.shape;
  return [n ?? 0, d ?? 0];
}

/** A cross-entropy loss (see {@link CrossEntropyLoss}). */
export function crossEntropy(options: CrossEntropyOptions = {}): CrossEntropyLoss {
  return new CrossEntropyLoss(options);
}
