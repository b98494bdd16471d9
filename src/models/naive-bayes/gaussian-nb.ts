/**
 * GaussianNB: Gaussian naive Bayes (scikit-learn's GaussianNB). Per class, each feature is a
 * normal distribution with the class mean (`theta`) and variance (`var`) plus
 * epsilon = varSmoothing * (largest feature variance over all samples). Prediction takes the
 * argmax of the joint log-likelihood; probabilities are its softmax (log-sum-exp).
 * Fitting is one pass of the device's classMoments kernel; prediction its jointLogLikelihood kernel.
 */
import { DEVICE_NAMES, type DeviceName } from '../../core/backend.js';
import { softmaxRowsImpl } from '../../core/backends/cpu-kernels.js';
import { CheckpointError, DataError, NotFittedError, ParamError } from '../../core/errors.js';
import { firstMaxPerRow } from '../../core/first-max.js';
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

  protected async fitEncoded(X: Matrix, y: Int32Array, K: number, ctx?: FitContext): Promise<void> {
    const p = this.getParams();
    const { rows: n, cols: d } = X;
    const sw = ctx?.sampleWeight ?? null;
    const kernels = await this.getKernels();
    const { count, mean, variance } = await kernels.classMoments(X, y, sw, K);
    const v = Float64Array.from(variance);
    // epsilon uses the unweighted variance of every feature (as scikit-learn's np.var(X, axis=0)):
    // from the class moments (law of total variance) when unweighted, else one more pass
    const all = sw ? await kernels.classMoments(X, new Int32Array(n), null, 1) : null;
    let maxVar = 0;
    for (let j = 0; j < d; j++) {
      if (all) {
        maxVar = Math.max(maxVar, all.variance[j] as number);
        continue;
      }
      let mu = 0;
      for (let c = 0; c < K; c++) mu += (count[c] as number) * (mean[c * d + j] as number);
      mu /= n;
      let t = 0;
      for (let c = 0; c < K; c++) {
        const dm = (mean[c * d + j] as number) - mu;
        t += (count[c] as number) * ((variance[c * d + j] as number) + dm * dm);
      }
      maxVar = Math.max(maxVar, t / n);
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
    const j = await this.jll(this.checkInput(X));
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
  }

  /** Joint log-likelihood log P(c) + log P(x | c) per row and class (scikit-learn's _joint_log_likelihood). */
  async jointLogLikelihood(X: MatrixLike): Promise<Matrix> {
    return this.jll(this.checkInput(X));
  }

  /** The joint log-likelihood kernel of the model's device (n x K). */
  private async jll(X: Matrix): Promise<Matrix> {
    if (!this.theta) throw new NotFittedError(this.name);
    const K = this.theta.rows;
    const data =
      X.rows === 0
        ? new Float64Array(0)
        : await (await this.getKernels()).jointLogLikelihood(
            X,
            this.theta.data,
            this.invVar as Float64Array,
            this.logConst as Float64Array,
          );
    return { rows: X.rows, cols: K, data };
  }

  protected async predictProbaEncoded(X: Matrix): Promise<Matrix> {
    const j = await this.jll(X);
    softmaxRowsImpl(j.data, j.rows, j.cols, j.data); // in place
    return j;
  }

  /** The argmax of the joint log-likelihood (first maximum wins). */
  protected override async predictEncoded(X: Matrix): Promise<Int32Array> {
    const { rows: n, cols: K, data } = await this.jll(X);
    return firstMaxPerRow(data, n, K);
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
