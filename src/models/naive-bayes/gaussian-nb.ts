/**
 * GaussianNB: Gaussian naive Bayes (scikit-learn's GaussianNB). Per class, each feature is a
 * normal distribution with the class mean (`theta`) and variance (`var`) plus
 * epsilon = varSmoothing * (largest feature variance over all samples). Prediction takes the
 * argmax of the joint log-likelihood; probabilities are its softmax (log-sum-exp).
 * Fitting is one pass of native loops; prediction runs native loops on `cpu` and backend ops
 * (matmul of X and X^2 against per-class terms) on every other device.
 */
import { type Backend, DEVICE_NAMES, type DeviceName, type Tensor } from '../../core/backend.js';
import { softmaxRowsImpl } from '../../core/backends/cpu-kernels.js';
import { CheckpointError, DataError, NotFittedError, ParamError } from '../../core/errors.js';
import type { Matrix, MatrixLike } from '../../core/matrix.js';
import type { ParamSpec } from '../../core/params.js';
import { Classifier, type FitContext } from '../base.js';

export interface GaussianNBParams {
  /** Class prior probabilities by class label (keys are the labels as strings); null: class frequencies. */
  priors: Record<string, number> | null;
  varSmoothing: number;
}

export interface GaussianNBState {
  /** Class means, class-major (nClasses x nFeatures). */
  readonly theta: number[];
  /** Class variances including epsilon, class-major. */
  readonly var: number[];
  readonly classPrior: number[];
  readonly classCount: number[];
  readonly epsilon: number;
}

export const GAUSSIAN_NB_SPECS: readonly ParamSpec[] = [
  {
    name: 'priors',
    type: 'object',
    default: null,
    nullable: true,
    min: 0,
    max: 1,
    description:
      'Prior probability of each class as an object {label: probability} covering every class, non-negative and summing to 1; null uses the class frequencies of the training data.',
  },
  {
    name: 'varSmoothing',
    type: 'float',
    default: 1e-9,
    min: 0,
    max: 1,
    description:
      'Portion of the largest feature variance added to every variance (epsilon = varSmoothing * max variance) for numerical stability.',
  },
];

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Gaussian naive Bayes (scikit-learn's `GaussianNB`): one normal distribution per class and feature,
 * with optional class priors and `varSmoothing` for numerical stability. Fits in one pass; the fastest
 * model here and a good baseline.
 *
 * @example
 * ```ts
 * import { GaussianNB, loadIris } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 0 } });
 * const nb = new GaussianNB({ varSmoothing: 1e-9 });
 * await nb.fit(iris);
 * console.log((await nb.evaluate(iris, { on: 'test' })).accuracy);
 * ```
 */
export class GaussianNB extends Classifier<GaussianNBParams, GaussianNBState> {
  static override readonly name = 'GaussianNB';
  static readonly paramSpecs = GAUSSIAN_NB_SPECS;
  readonly name = 'GaussianNB';
  readonly paramSpecs = GAUSSIAN_NB_SPECS;
  override readonly supportedDevices: readonly DeviceName[] = DEVICE_NAMES;
  /** Class means (nClasses x nFeatures, row-major), scikit-learn's theta_. */
  theta: Matrix | null = null;
  /** Class variances with epsilon added (nClasses x nFeatures), scikit-learn's var_. */
  var: Matrix | null = null;
  /** scikit-learn's class_prior_. */
  classPrior: Float64Array | null = null;
  /** Training samples per class (scikit-learn's class_count_). */
  classCount: Float64Array | null = null;
  /** The variance added to every class variance (scikit-learn's epsilon_). */
  epsilon = 0;
  // per-class constants of the joint log-likelihood
  private logConst: Float64Array | null = null;
  private invVar: Float64Array | null = null;
  private uploaded: { backend: Backend; w2: Tensor; w1: Tensor; c: Tensor } | null = null;

  protected fitEncoded(X: Matrix, y: Int32Array, K: number, ctx?: FitContext): void {
    const p = this.getParams();
    const { rows: n, cols: d, data } = X;
    const sw = ctx?.sampleWeight ?? null;
    // One pass of shifted, weighted sums per class (shift = first row, so sums of squares do not
    // cancel): mean = s + S1/W, var = (S2 - S1^2/W)/W with W = sum(w), S1 = sum(w (x - s)),
    // S2 = sum(w (x - s)^2) -- scikit-learn's weighted average and variance.
    const shift = data.slice(0, d);
    const count = new Float64Array(K);
    const s1 = new Float64Array(K * d);
    const s2 = new Float64Array(K * d);
    // epsilon uses the unweighted variance of every feature (as scikit-learn's np.var(X, axis=0))
    const u1 = new Float64Array(d);
    const u2 = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const c = y[i] as number;
      const w = sw ? (sw[i] as number) : 1;
      count[c] += w;
      const o = c * d;
      const r = i * d;
      for (let j = 0; j < d; j++) {
        const a = (data[r + j] as number) - (shift[j] as number);
        s1[o + j] += w * a;
        s2[o + j] += w * a * a;
        if (sw) {
          u1[j] += a;
          u2[j] += a * a;
        }
      }
    }
    const mean = new Float64Array(K * d);
    const v = new Float64Array(K * d);
    let maxVar = 0;
    for (let j = 0; j < d; j++) {
      let t1 = 0;
      let t2 = 0;
      for (let c = 0; c < K; c++) {
        const o = c * d + j;
        const nc = count[c] as number;
        const a = s1[o] as number;
        const b = s2[o] as number;
        t1 += a;
        t2 += b;
        mean[o] = (shift[j] as number) + a / nc;
        v[o] = Math.max(0, (b - (a * a) / nc) / nc);
      }
      if (sw) {
        t1 = u1[j] as number;
        t2 = u2[j] as number;
      }
      maxVar = Math.max(maxVar, (t2 - (t1 * t1) / n) / n);
    }
    for (let c = 0; c < K; c++) {
      if (!((count[c] as number) > 0)) {
        throw new DataError(
          `${this.name}.fit: class ${String(this.pendingClasses?.[c] ?? c)} has total sample weight 0, so its mean and variance are undefined`,
        );
      }
    }
    // scikit-learn: epsilon = var_smoothing * max variance. When every feature is constant that is
    // 0 and scikit-learn divides by zero; we fall back to varSmoothing itself to stay finite.
    let epsilon = p.varSmoothing * maxVar;
    if (!(epsilon > 0)) epsilon = p.varSmoothing > 0 ? p.varSmoothing : Number.MIN_VALUE;
    for (let t = 0; t < K * d; t++) v[t] = (v[t] as number) + epsilon;
    let total = 0;
    for (let c = 0; c < K; c++) total += count[c] as number;
    const prior =
      p.priors !== null && p.priors !== undefined
        ? this.readPriors(p.priors, this.pendingClasses ?? [])
        : Float64Array.from(count, (c) => c / total);
    this.theta = { rows: K, cols: d, data: mean };
    this.var = { rows: K, cols: d, data: v };
    this.classPrior = prior;
    this.classCount = count;
    this.epsilon = epsilon;
    this.prepare();
    ctx?.logger?.({ iteration: 1, total: 1, fraction: 1, message: 'class statistics computed' });
  }

  /** Log-probabilities as the log-softmax of the joint log-likelihood (exact where exp underflows). */
  override async predictLogProba(X: MatrixLike): Promise<Matrix> {
    const j = this.jll(this.checkInput(X));
    const K = j.cols;
    for (let i = 0; i < j.rows; i++) {
      let mx = -Infinity;
      for (let c = 0; c < K; c++) mx = Math.max(mx, j.data[i * K + c] as number);
      let s = 0;
      for (let c = 0; c < K; c++) s += Math.exp((j.data[i * K + c] as number) - mx);
      const lse = mx + Math.log(s);
      for (let c = 0; c < K; c++) j.data[i * K + c] = (j.data[i * K + c] as number) - lse;
    }
    return j;
  }

  /** Priors {label: p} in class order; they must cover exactly the classes, be >= 0 and sum to 1. */
  private readPriors(priors: Record<string, number>, classes: readonly (string | number)[]): Float64Array {
    const names = classes.map((c) => String(c));
    const allowed = `an object {label: probability} with exactly the classes ${names.join(', ')}, each >= 0, summing to 1`;
    const keys = Object.keys(priors);
    if (keys.length !== names.length || !names.every((k) => Object.hasOwn(priors, k))) {
      throw new ParamError('priors', priors, allowed, this.name);
    }
    const out = new Float64Array(names.length);
    let sum = 0;
    names.forEach((k, c) => {
      const v = priors[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new ParamError('priors', priors, allowed, this.name);
      out[c] = v;
      sum += v;
    });
    // numpy.isclose(sum, 1) as in scikit-learn
    if (Math.abs(sum - 1) > 1e-8 + 1e-5) throw new ParamError('priors', priors, allowed, this.name);
    return out;
  }

  /** Host-side constants: log prior - 0.5 sum log(2 pi var), and 1 / var. */
  private prepare(): void {
    const theta = this.theta!;
    const v = this.var!.data;
    const K = theta.rows;
    const d = theta.cols;
    const lc = new Float64Array(K);
    const inv = new Float64Array(K * d);
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const vv = v[c * d + j] as number;
        s += LOG_2PI + Math.log(vv);
        inv[c * d + j] = 1 / vv;
      }
      lc[c] = Math.log(this.classPrior![c] as number) - 0.5 * s;
    }
    this.logConst = lc;
    this.invVar = inv;
    this.disposeUploaded();
  }

  /** Joint log-likelihood log P(c) + log P(x | c) per row and class (scikit-learn's _joint_log_likelihood). */
  async jointLogLikelihood(X: MatrixLike): Promise<Matrix> {
    const m = this.checkInput(X);
    return this.jll(m);
  }

  private jll(X: Matrix): Matrix {
    const theta = this.theta!.data;
    const inv = this.invVar!;
    const lc = this.logConst!;
    const K = this.theta!.rows;
    const d = this.theta!.cols;
    const out = new Float64Array(X.rows * K);
    const data = X.data;
    for (let i = 0; i < X.rows; i++) {
      const r = i * d;
      for (let c = 0; c < K; c++) {
        const o = c * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const a = (data[r + j] as number) - (theta[o + j] as number);
          s += a * a * (inv[o + j] as number);
        }
        out[i * K + c] = (lc[c] as number) - 0.5 * s;
      }
    }
    return { rows: X.rows, cols: K, data: out };
  }

  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    if (!this.theta) throw new NotFittedError(this.name);
    if (this.device !== 'cpu' && X.rows > 0)
      return this.predictProbaOnBackend(X, await this.getBackendInstance());
    const j = this.jll(X);
    softmaxRowsImpl(j.data, j.rows, j.cols, j.data); // in place
    return j;
  }

  protected override async predictEncoded(X: Matrix): Promise<Int32Array> {
    if (this.device !== 'cpu') return super.predictEncoded(X);
    if (!this.theta) throw new NotFittedError(this.name);
    // argmax of the joint log-likelihood, one pass, no n x K buffer (same arithmetic as jll()).
    const theta = this.theta.data;
    const inv = this.invVar!;
    const lc = this.logConst!;
    const K = this.theta.rows;
    const d = this.theta.cols;
    const data = X.data;
    const n = X.rows;
    const out = new Int32Array(n);
    let i = 0;
    // four rows at a time: independent sums per (theta, inv) read hide the add latency; each row's
    // sum is still accumulated in feature order, so values are bitwise those of jll()
    for (; i + 3 < n; i += 4) {
      const r0 = i * d;
      const r1 = r0 + d;
      const r2 = r1 + d;
      const r3 = r2 + d;
      let v0 = -Infinity;
      let v1 = -Infinity;
      let v2 = -Infinity;
      let v3 = -Infinity;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let c = 0, o = 0; c < K; c++, o += d) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let j = 0; j < d; j++) {
          const t = theta[o + j] as number;
          const q = inv[o + j] as number;
          const a0 = (data[r0 + j] as number) - t;
          const a1 = (data[r1 + j] as number) - t;
          const a2 = (data[r2 + j] as number) - t;
          const a3 = (data[r3 + j] as number) - t;
          s0 += a0 * a0 * q;
          s1 += a1 * a1 * q;
          s2 += a2 * a2 * q;
          s3 += a3 * a3 * q;
        }
        const l = lc[c] as number;
        const w0 = l - 0.5 * s0;
        const w1 = l - 0.5 * s1;
        const w2 = l - 0.5 * s2;
        const w3 = l - 0.5 * s3;
        if (w0 > v0) {
          v0 = w0;
          c0 = c;
        }
        if (w1 > v1) {
          v1 = w1;
          c1 = c;
        }
        if (w2 > v2) {
          v2 = w2;
          c2 = c;
        }
        if (w3 > v3) {
          v3 = w3;
          c3 = c;
        }
      }
      out[i] = c0;
      out[i + 1] = c1;
      out[i + 2] = c2;
      out[i + 3] = c3;
    }
    for (let r = i * d; i < n; i++, r += d) {
      let best = 0;
      let bv = -Infinity;
      for (let c = 0, o = 0; c < K; c++, o += d) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const a = (data[r + j] as number) - (theta[o + j] as number);
          s += a * a * (inv[o + j] as number);
        }
        const v = (lc[c] as number) - 0.5 * s;
        if (v > bv) {
          bv = v;
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** jll = X^2 @ (-0.5 / var)^T + X @ (theta / var)^T + (logConst - 0.5 sum theta^2 / var); softmax. */
  private async predictProbaOnBackend(X: Matrix, b: Backend): Promise<Matrix> {
    const u = this.upload(b);
    const K = this.theta!.rows;
    const x = b.fromArray(X.data, [X.rows, X.cols]);
    const x2 = b.mul(x, x);
    const a = b.matmul(x2, u.w2);
    const l = b.matmul(x, u.w1);
    const s = b.add(a, l);
    const jll = b.add(s, u.c);
    const p = b.softmax(jll);
    try {
      const data = await b.toArray(p);
      return { rows: X.rows, cols: K, data: Float64Array.from(data) };
    } finally {
      b.dispose([x, x2, a, l, s, jll, p]);
    }
  }

  private upload(b: Backend): { w2: Tensor; w1: Tensor; c: Tensor } {
    if (this.uploaded && this.uploaded.backend === b) return this.uploaded;
    this.disposeUploaded();
    const theta = this.theta!.data;
    const inv = this.invVar!;
    const K = this.theta!.rows;
    const d = this.theta!.cols;
    const w2 = new Float64Array(d * K);
    const w1 = new Float64Array(d * K);
    const c = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let q = 0;
      for (let j = 0; j < d; j++) {
        const iv = inv[k * d + j] as number;
        const t = theta[k * d + j] as number;
        w2[j * K + k] = -0.5 * iv;
        w1[j * K + k] = t * iv;
        q += t * t * iv;
      }
      c[k] = (this.logConst![k] as number) - 0.5 * q;
    }
    this.uploaded = {
      backend: b,
      w2: b.fromArray(w2, [d, K]),
      w1: b.fromArray(w1, [d, K]),
      c: b.fromArray(c, [1, K]),
    };
    return this.uploaded;
  }

  private disposeUploaded(): void {
    if (!this.uploaded) return;
    const { backend, w2, w1, c } = this.uploaded;
    backend.dispose([w2, w1, c]);
    this.uploaded = null;
  }

  protected override async onDeviceChange(backend: Backend): Promise<void> {
    this.disposeUploaded();
    if (backend.name !== 'cpu') this.upload(backend);
  }

  protected getState(): GaussianNBState {
    return {
      theta: Array.from(this.theta!.data),
      var: Array.from(this.var!.data),
      classPrior: Array.from(this.classPrior!),
      classCount: Array.from(this.classCount!),
      epsilon: this.epsilon,
    };
  }

  protected setState(s: GaussianNBState): void {
    const K = this.classes!.length;
    const d = this.nFeatures;
    const ok =
      s &&
      Array.isArray(s.theta) &&
      s.theta.length === K * d &&
      Array.isArray(s.var) &&
      s.var.length === K * d &&
      s.var.every((v) => v > 0) &&
      Array.isArray(s.classPrior) &&
      s.classPrior.length === K;
    if (!ok) throw new CheckpointError('GaussianNB checkpoint state is malformed (theta, var or classPrior)');
    this.theta = { rows: K, cols: d, data: Float64Array.from(s.theta) };
    this.var = { rows: K, cols: d, data: Float64Array.from(s.var) };
    this.classPrior = Float64Array.from(s.classPrior);
    this.classCount = Float64Array.from(Array.isArray(s.classCount) ? s.classCount : new Array(K).fill(0));
    this.epsilon = typeof s.epsilon === 'number' ? s.epsilon : 0;
    this.prepare();
  }
}
