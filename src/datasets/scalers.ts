/**
 * Feature scalers (scikit-learn's StandardScaler and MinMaxScaler): `fit` on training rows only,
 * then `transform` any matrix or, as a pipe step, each streamed row (`asTask()`).
 */
import { DataError, NotFittedError, ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { NumericRow } from '../pipeline/numeric-rows.js';
import type { PipeTask } from '../pipeline/task.js';

export type ScalerName = 'standard' | 'minmax';

/** x' = x * scale[j] + offset[j], per feature. */
export abstract class Scaler {
  abstract readonly kind: ScalerName;
  /** Multiplier per feature (set by fit). */
  scale: Float64Array | null = null;
  /** Offset per feature (set by fit). */
  offset: Float64Array | null = null;

  get isFitted(): boolean {
    return this.scale !== null;
  }

  /** Learns the per-feature statistics from `X` (training rows only). Returns this. */
  abstract fit(X: Matrix): this;

  /** A new matrix with every row scaled. */
  transform(X: Matrix): Matrix {
    const { scale, offset } = this.fitted(X.cols);
    const out = new Float64Array(X.data.length);
    const d = X.cols;
    const src = X.data;
    for (let i = 0, k = 0; i < X.rows; i++) {
      for (let j = 0; j < d; j++, k++)
        out[k] = (src[k] as number) * (scale[j] as number) + (offset[j] as number);
    }
    return { rows: X.rows, cols: d, data: out };
  }

  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /** Back to the original units. */
  inverseTransform(X: Matrix): Matrix {
    const { scale, offset } = this.fitted(X.cols);
    const out = new Float64Array(X.data.length);
    const d = X.cols;
    for (let k = 0; k < out.length; k++) {
      const j = k % d;
      out[k] = ((X.data[k] as number) - (offset[j] as number)) / (scale[j] as number);
    }
    return { rows: X.rows, cols: d, data: out };
  }

  /** Scales one row into `out` (a new array by default). */
  transformRow(values: ArrayLike<number>, out = new Float64Array(values.length)): Float64Array {
    const { scale, offset } = this.fitted(values.length);
    for (let j = 0; j < values.length; j++)
      out[j] = (values[j] as number) * (scale[j] as number) + (offset[j] as number);
    return out;
  }

  /** A pipe step scaling each NumericRow (the scaler must be fitted, on training data). */
  asTask(): PipeTask<NumericRow, NumericRow> {
    return { map: (row) => ({ ...row, values: this.transformRow(row.values) }) };
  }

  toJSON(): { kind: ScalerName; scale: number[]; offset: number[] } {
    const { scale, offset } = this.fitted(this.scale?.length ?? 0);
    return { kind: this.kind, scale: Array.from(scale), offset: Array.from(offset) };
  }

  /** Rebuilds a fitted scaler from `toJSON()` output. */
  static fromJSON(json: { kind: ScalerName; scale: readonly number[]; offset: readonly number[] }): Scaler {
    const s = makeScaler(json.kind);
    if (json.scale.length !== json.offset.length)
      throw new DataError('scaler JSON: scale and offset lengths differ');
    s.scale = Float64Array.from(json.scale);
    s.offset = Float64Array.from(json.offset);
    return s;
  }

  protected fitted(cols: number): { scale: Float64Array; offset: Float64Array } {
    if (this.scale === null || this.offset === null) throw new NotFittedError(this.constructor.name);
    if (this.scale.length !== cols) {
      throw new DataError(
        `${this.constructor.name} was fitted on ${this.scale.length} features, got ${cols}`,
      );
    }
    return { scale: this.scale, offset: this.offset };
  }

  protected static checkFitInput(X: Matrix, who: string): void {
    if (X.rows === 0) throw new DataError(`${who}.fit: X is empty`);
    for (let k = 0; k < X.data.length; k++) {
      if (!Number.isFinite(X.data[k] as number)) {
        const i = Math.floor(k / X.cols);
        throw new DataError(`${who}.fit: X contains ${X.data[k]} at row ${i}, column ${k - i * X.cols}`);
      }
    }
  }
}

/**
 * z = (x - mean) / std with the population std (ddof 0); a constant feature keeps std 1.
 *
 * @example
 * ```ts
 * import { matrix, StandardScaler } from 'autolearn';
 *
 * const X = matrix(3, 2, Float64Array.from([1, 10, 2, 20, 3, 30]));
 * const scaler = new StandardScaler().fit(X);
 * console.log(Array.from(scaler.transform(X).data));
 * ```
 */
export class StandardScaler extends Scaler {
  readonly kind = 'standard' as const;
  mean: Float64Array | null = null;
  std: Float64Array | null = null;

  fit(X: Matrix): this {
    Scaler.checkFitInput(X, 'StandardScaler');
    const d = X.cols;
    const n = X.rows;
    const mean = new Float64Array(d);
    const m2 = new Float64Array(d);
    // Two passes (mean, then centred squares) for accuracy on large offsets.
    for (let i = 0, k = 0; i < n; i++) for (let j = 0; j < d; j++, k++) mean[j] += X.data[k] as number;
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / n;
    for (let i = 0, k = 0; i < n; i++) {
      for (let j = 0; j < d; j++, k++) {
        const c = (X.data[k] as number) - (mean[j] as number);
        m2[j] += c * c;
      }
    }
    const std = new Float64Array(d);
    const scale = new Float64Array(d);
    const offset = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const s = Math.sqrt((m2[j] as number) / n);
      std[j] = s;
      const sc = s > 10 * Number.EPSILON * Math.max(1, Math.abs(mean[j] as number)) ? 1 / s : 1;
      scale[j] = sc;
      offset[j] = -(mean[j] as number) * sc;
    }
    this.mean = mean;
    this.std = std;
    this.scale = scale;
    this.offset = offset;
    return this;
  }
}

/**
 * x' = (x - min) / (max - min) * (hi - lo) + lo; a constant feature maps to lo + (x - min).
 *
 * @example
 * ```ts
 * import { MinMaxScaler, toMatrix } from 'autolearn';
 *
 * const X = toMatrix([[1, 100], [2, 200], [3, 300]]);
 * const scaled = new MinMaxScaler([-1, 1]).fitTransform(X);
 * console.log(Array.from(scaled.data)); // [-1, -1, 0, 0, 1, 1]
 * ```
 */
export class MinMaxScaler extends Scaler {
  readonly kind = 'minmax' as const;
  readonly featureRange: readonly [number, number];
  dataMin: Float64Array | null = null;
  dataMax: Float64Array | null = null;

  constructor(featureRange: readonly [number, number] = [0, 1]) {
    super();
    const [lo, hi] = featureRange;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new ParamError('featureRange', featureRange, '[lo, hi] with finite lo < hi', 'MinMaxScaler');
    }
    this.featureRange = [lo, hi];
  }

  fit(X: Matrix): this {
    Scaler.checkFitInput(X, 'MinMaxScaler');
    const d = X.cols;
    const lo = new Float64Array(d).fill(Number.POSITIVE_INFINITY);
    const hi = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0, k = 0; i < X.rows; i++) {
      for (let j = 0; j < d; j++, k++) {
        const v = X.data[k] as number;
        if (v < (lo[j] as number)) lo[j] = v;
        if (v > (hi[j] as number)) hi[j] = v;
      }
    }
    const [a, b] = this.featureRange;
    const scale = new Float64Array(d);
    const offset = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const range = (hi[j] as number) - (lo[j] as number);
      // Like scikit-learn's _handle_zeros_in_scale: a (numerically) constant column keeps scale 1.
      const tiny = 10 * Number.EPSILON * Math.max(1, Math.abs(lo[j] as number), Math.abs(hi[j] as number));
      const sc = (b - a) / (range > tiny ? range : 1);
      scale[j] = sc;
      offset[j] = a - (lo[j] as number) * sc;
    }
    this.dataMin = lo;
    this.dataMax = hi;
    this.scale = scale;
    this.offset = offset;
    return this;
  }
}

/**
 * A new unfitted scaler by name.
 *
 * @example
 * ```ts
 * import { makeScaler, toMatrix } from 'autolearn';
 *
 * const scaler = makeScaler('minmax').fit(toMatrix([[0], [10]]));
 * console.log(Array.from(scaler.transform(toMatrix([[5]])).data)); // [0.5]
 * ```
 */
export function makeScaler(kind: ScalerName): Scaler {
  switch (kind) {
    case 'standard':
      return new StandardScaler();
    case 'minmax':
      return new MinMaxScaler();
    default:
      throw new ParamError('scaler', kind, "'standard' or 'minmax'", 'Dataset');
  }
}
