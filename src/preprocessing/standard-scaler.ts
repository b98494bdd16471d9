/** StandardScaler: z = (x - mean) / scale per feature, scikit-learn's semantics (1.2.1). */
import { DataError } from '../core/errors.js';
import type { DataLike, TransformerState } from './data.js';
import { checkBool, floats, Scaler, scalerFactories } from './scaler.js';

export interface StandardScalerParams {
  /** Centre each feature on its mean (default true). */
  readonly withMean?: boolean;
  /** Divide each feature by its standard deviation (default true). */
  readonly withStd?: boolean;
}

/** Fitted state: scikit-learn's `mean_`, `var_`, `scale_`, `n_samples_seen_` (null where unused). */
export interface StandardScalerState extends TransformerState {
  readonly type: 'StandardScaler';
  readonly params: { withMean: boolean; withStd: boolean };
  readonly mean: number[] | null;
  readonly var: number[] | null;
  readonly scale: number[] | null;
  readonly nSamplesSeen: number[];
}

const EPS = Number.EPSILON;

/**
 * Standardises features: `(x - mean) / scale` with the population standard deviation (ddof 0),
 * fitted on training rows only. A (numerically) constant feature keeps scale 1, as scikit-learn's
 * `_is_constant_feature` decides; missing values (NaN, null) are ignored by fit and stay missing.
 *
 * @example
 * ```ts
 * import { StandardScaler } from 'autolearn';
 *
 * const s = new StandardScaler().fit([[1, 10], [3, 30]]);
 * s.transform([[2, 20]]); // Matrix [[0, 0]]
 * s.mean; // Float64Array [2, 20]
 * ```
 */
export class StandardScaler extends Scaler {
  readonly name = 'StandardScaler' as const;
  readonly kind = 'standard' as const;
  withMean: boolean;
  withStd: boolean;
  /** Per-feature mean (null before fit, or with withMean and withStd both false). */
  mean: Float64Array | null = null;
  /** Per-feature population variance (null before fit or with withStd false). */
  var: Float64Array | null = null;
  /** Per-feature divisor: the standard deviation, 1 for a constant feature (null with withStd false). */
  scale: Float64Array | null = null;
  /** Non-missing values per feature seen at fit. */
  nSamplesSeen: Float64Array | null = null;

  constructor(params: StandardScalerParams = {}) {
    super();
    this.withMean = checkBool(params.withMean ?? true, 'withMean', 'StandardScaler');
    this.withStd = checkBool(params.withStd ?? true, 'withStd', 'StandardScaler');
  }

  /** The population standard deviation per feature (before the zero-variance guard). */
  get std(): Float64Array | null {
    return this.var === null ? null : this.var.map(Math.sqrt);
  }

  getParams(): { withMean: boolean; withStd: boolean } {
    return { withMean: this.withMean, withStd: this.withStd };
  }

  setParams(params: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(params)) {
      if (k === 'withMean') this.withMean = checkBool(v, k, this.name);
      else if (k === 'withStd') this.withStd = checkBool(v, k, this.name);
      else throw new DataError(`StandardScaler has no parameter '${k}' (withMean, withStd)`);
    }
    return this;
  }

  clone(): StandardScaler {
    return new StandardScaler(this.getParams());
  }

  fit(X: DataLike): this {
    const m = Scaler.fitInput(X, this.name);
    const d = m.cols;
    const sum = new Float64Array(d);
    const count = new Float64Array(d);
    for (let k = 0; k < m.data.length; k += d) {
      for (let j = 0; j < d; j++) {
        const v = m.data[k + j] as number;
        if (!Number.isNaN(v)) {
          sum[j] += v;
          count[j]++;
        }
      }
    }
    const mean = sum.map((s, j) => s / (count[j] as number));
    const m2 = new Float64Array(d);
    const corr = new Float64Array(d);
    for (let k = 0; k < m.data.length; k += d) {
      for (let j = 0; j < d; j++) {
        const v = m.data[k + j] as number;
        if (!Number.isNaN(v)) {
          const c = v - (mean[j] as number);
          m2[j] += c * c;
          corr[j] += c;
        }
      }
    }
    // scikit-learn's _incremental_mean_and_var: centred squares minus the rounding correction
    const variance = m2.map(
      (s, j) => (s - (corr[j] as number) ** 2 / (count[j] as number)) / (count[j] as number),
    );
    this.nSamplesSeen = count;
    this.mean = this.withMean || this.withStd ? mean : null;
    this.var = this.withStd ? variance : null;
    if (this.withStd) {
      this.scale = variance.map((v, j) => {
        const n = count[j] as number;
        const mu = mean[j] as number;
        const constant = v <= n * EPS * v + (n * mu * EPS) ** 2;
        const s = Math.sqrt(v);
        return constant || s < 10 * EPS ? 1 : s;
      });
    } else {
      this.scale = null;
    }
    this.updateAffine(d);
    return this;
  }

  getState(): StandardScalerState {
    this.fitted(this.nFeaturesIn);
    const arr = (a: Float64Array | null) => (a === null ? null : Array.from(a));
    return {
      type: 'StandardScaler',
      params: this.getParams(),
      mean: arr(this.mean),
      var: arr(this.var),
      scale: arr(this.scale),
      nSamplesSeen: Array.from(this.nSamplesSeen as Float64Array),
    };
  }

  setState(state: TransformerState): void {
    const s = state as StandardScalerState;
    this.setParams(s.params ?? {});
    const n = Array.isArray(s.nSamplesSeen) ? s.nSamplesSeen.length : -1;
    if (n <= 0) throw new DataError("StandardScaler state: 'nSamplesSeen' must be a non-empty array");
    this.nSamplesSeen = floats(s.nSamplesSeen, 'nSamplesSeen', this.name, n);
    this.mean = s.mean === null ? null : floats(s.mean, 'mean', this.name, n);
    this.var = s.var === null ? null : floats(s.var, 'var', this.name, n);
    this.scale = s.scale === null ? null : floats(s.scale, 'scale', this.name, n);
    if (this.withStd && this.scale === null) throw new DataError("StandardScaler state: 'scale' is missing");
    if (this.withMean && this.mean === null) throw new DataError("StandardScaler state: 'mean' is missing");
    this.updateAffine(n);
  }

  private updateAffine(d: number): void {
    const mul = new Float64Array(d).fill(1);
    const add = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      if (this.withStd) mul[j] = 1 / (this.scale![j] as number);
      if (this.withMean) add[j] = -(this.mean![j] as number) * (mul[j] as number);
    }
    this.setAffine(mul, add);
  }
}

scalerFactories.set('StandardScaler', () => new StandardScaler());
