/** MinMaxScaler: x' = x * scale + min per feature, scikit-learn's semantics (1.2.1). */
import { DataError, ParamError } from '../core/errors.js';
import type { DataLike, TransformerState } from './data.js';
import { checkBool, floats, Scaler, scalerFactories } from './scaler.js';

export interface MinMaxScalerParams {
  /** Target range [lo, hi] with lo < hi (default [0, 1]). */
  readonly featureRange?: readonly [number, number];
  /** Clip transformed values into featureRange (default false: unseen values map outside it). */
  readonly clip?: boolean;
}

/** Fitted state: scikit-learn's `data_min_`, `data_max_`, `scale_`, `min_`. */
export interface MinMaxScalerState extends TransformerState {
  readonly type: 'MinMaxScaler';
  readonly params: { featureRange: [number, number]; clip: boolean };
  readonly dataMin: number[];
  readonly dataMax: number[];
  readonly scale: number[];
  readonly min: number[];
}

function checkRange(r: unknown, owner: string): [number, number] {
  const ok =
    Array.isArray(r) &&
    r.length === 2 &&
    Number.isFinite(r[0]) &&
    Number.isFinite(r[1]) &&
    (r[0] as number) < (r[1] as number);
  if (!ok) throw new ParamError('featureRange', r, '[lo, hi] with finite lo < hi', owner);
  return [r[0] as number, r[1] as number];
}

/**
 * Rescales each feature to `featureRange` using the training minimum and maximum:
 * `x * scale + min` with `scale = (hi - lo) / (max - min)` (a constant feature keeps scale
 * `hi - lo`) and `min = lo - dataMin * scale`. With `clip: true` the output stays inside the range.
 * Missing values are ignored by fit and stay missing.
 *
 * @example
 * ```ts
 * import { MinMaxScaler } from 'autolearn';
 *
 * const s = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[10], [20]]);
 * s.transform([[15], [30]]); // Matrix [[0], [3]]
 * ```
 */
export class MinMaxScaler extends Scaler {
  readonly name = 'MinMaxScaler' as const;
  readonly kind = 'minmax' as const;
  featureRange: [number, number];
  clip: boolean;
  dataMin: Float64Array | null = null;
  dataMax: Float64Array | null = null;
  /** Per-feature multiplier (scikit-learn's `scale_`). */
  scale: Float64Array | null = null;
  /** Per-feature offset (scikit-learn's `min_`). */
  min: Float64Array | null = null;

  /** `new MinMaxScaler({ featureRange, clip })`, or the range alone: `new MinMaxScaler([-1, 1])`. */
  constructor(params: MinMaxScalerParams | readonly [number, number] = {}) {
    super();
    const p: MinMaxScalerParams = Array.isArray(params)
      ? { featureRange: params as readonly [number, number] }
      : (params as MinMaxScalerParams);
    this.featureRange = checkRange(p.featureRange ?? [0, 1], 'MinMaxScaler');
    this.clip = checkBool(p.clip ?? false, 'clip', 'MinMaxScaler');
  }

  getParams(): { featureRange: [number, number]; clip: boolean } {
    return { featureRange: [...this.featureRange], clip: this.clip };
  }

  setParams(params: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(params)) {
      if (k === 'featureRange') this.featureRange = checkRange(v, this.name);
      else if (k === 'clip') this.clip = checkBool(v, k, this.name);
      else throw new DataError(`MinMaxScaler has no parameter '${k}' (featureRange, clip)`);
    }
    return this;
  }

  clone(): MinMaxScaler {
    return new MinMaxScaler(this.getParams());
  }

  fit(X: DataLike): this {
    const m = Scaler.fitInput(X, this.name);
    const d = m.cols;
    const lo = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
    const hi = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
    for (let k = 0; k < m.data.length; k += d) {
      for (let j = 0; j < d; j++) {
        const v = m.data[k + j] as number;
        if (v < (lo[j] as number)) lo[j] = v;
        if (v > (hi[j] as number)) hi[j] = v;
      }
    }
    const [a, b] = this.featureRange;
    // _handle_zeros_in_scale: a range below 10 * eps counts as 0 and is replaced by 1
    const scale = lo.map((l, j) => {
      const range = (hi[j] as number) - l;
      return (b - a) / (range < 10 * Number.EPSILON ? 1 : range);
    });
    this.dataMin = lo;
    this.dataMax = hi;
    this.scale = scale;
    this.min = lo.map((l, j) => a - l * (scale[j] as number));
    this.setAffine(this.scale, this.min);
    return this;
  }

  getState(): MinMaxScalerState {
    this.fitted(this.nFeaturesIn);
    return {
      type: 'MinMaxScaler',
      params: this.getParams(),
      dataMin: Array.from(this.dataMin as Float64Array),
      dataMax: Array.from(this.dataMax as Float64Array),
      scale: Array.from(this.scale as Float64Array),
      min: Array.from(this.min as Float64Array),
    };
  }

  setState(state: TransformerState): void {
    const s = state as MinMaxScalerState;
    this.setParams(s.params ?? {});
    const n = Array.isArray(s.scale) ? s.scale.length : 0;
    if (n === 0) throw new DataError("MinMaxScaler state: 'scale' must be a non-empty array");
    this.dataMin = floats(s.dataMin, 'dataMin', this.name, n);
    this.dataMax = floats(s.dataMax, 'dataMax', this.name, n);
    this.scale = floats(s.scale, 'scale', this.name, n);
    this.min = floats(s.min, 'min', this.name, n);
    this.setAffine(this.scale, this.min);
  }

  protected override postTransform(out: Float64Array): void {
    if (!this.clip) return;
    const [a, b] = this.featureRange;
    for (let k = 0; k < out.length; k++) {
      const v = out[k] as number;
      if (v < a) out[k] = a;
      else if (v > b) out[k] = b;
    }
  }
}

scalerFactories.set('MinMaxScaler', () => new MinMaxScaler());
