/**
 * The affine scalers' shared machinery: after `fit`, every feature maps as `x * mul[j] + add[j]`
 * (missing values, NaN, stay NaN, as in scikit-learn). Also the row-by-row pipe step and the
 * JSON form the Dataset and checkpoints use.
 */
import { DataError, ParamError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { NumericRow } from '../pipeline/numeric-rows.js';
import type { PipeTask } from '../pipeline/task.js';
import {
  checkWidth,
  type DataLike,
  shapeOf,
  type Transformer,
  type TransformerFitOptions,
  type TransformerState,
  toNumeric,
} from './data.js';

/** The Dataset's short names of the two scalers. */
export type ScalerName = 'standard' | 'minmax';

/**
 * Base of StandardScaler and MinMaxScaler: an affine map per feature, a row-by-row pipe step
 * (`asTask()`), `inverseTransform`, and `Scaler.fromJSON` to rebuild either from its state.
 *
 * @example
 * ```ts
 * import { Scaler, StandardScaler } from 'autolearn';
 *
 * const trainRows = [[1, 10], [3, 30]];
 * const s: Scaler = new StandardScaler().fit(trainRows);
 * const again = Scaler.fromJSON(JSON.parse(JSON.stringify(s)));
 * ```
 */
export abstract class Scaler implements Transformer {
  abstract readonly name: 'StandardScaler' | 'MinMaxScaler';
  /** Short name ('standard' or 'minmax'), as a Dataset's `scaler` option takes it. */
  abstract readonly kind: ScalerName;
  /** Multiplier per feature (null before fit). */
  protected mul: Float64Array | null = null;
  /** Offset per feature (null before fit). */
  protected add: Float64Array | null = null;

  get isFitted(): boolean {
    return this.mul !== null;
  }

  get nFeaturesIn(): number {
    return this.mul?.length ?? 0;
  }

  /** Learns the per-feature statistics from X (training rows only). Returns this. */
  abstract fit(X: DataLike, y?: unknown, options?: TransformerFitOptions): this;
  abstract getParams(): Record<string, unknown>;
  abstract setParams(params: Record<string, unknown>): this;
  abstract clone(): Scaler;
  abstract getState(): TransformerState;
  /** Loads a fitted state (the output of getState) into this instance. */
  abstract setState(state: TransformerState): void;

  /** A new matrix with every row scaled. */
  transform(X: DataLike): Matrix {
    const m = toNumeric(X, this.name);
    const { mul, add } = this.fitted(m.cols);
    const out = new Float64Array(m.data.length);
    const d = m.cols;
    const src = m.data;
    for (let k = 0; k < out.length; k += d) {
      for (let j = 0; j < d; j++)
        out[k + j] = (src[k + j] as number) * (mul[j] as number) + (add[j] as number);
    }
    this.postTransform(out);
    return { rows: m.rows, cols: d, data: out };
  }

  /** Scales X in place (X must be a fresh copy) and returns it. */
  transformInPlace(X: Matrix): Matrix {
    const { mul, add } = this.fitted(X.cols);
    const a = X.data;
    const d = X.cols;
    for (let k = 0; k < a.length; k += d) {
      for (let j = 0; j < d; j++) a[k + j] = (a[k + j] as number) * (mul[j] as number) + (add[j] as number);
    }
    this.postTransform(a);
    return X;
  }

  fitTransform(X: DataLike, y?: unknown, options?: TransformerFitOptions): Matrix {
    return this.fit(X, y, options).transform(X);
  }

  /** Back to the original units. */
  inverseTransform(X: DataLike): Matrix {
    const m = toNumeric(X, this.name);
    const { mul, add } = this.fitted(m.cols);
    const out = new Float64Array(m.data.length);
    const d = m.cols;
    for (let k = 0; k < out.length; k++) {
      const j = k % d;
      out[k] = ((m.data[k] as number) - (add[j] as number)) / (mul[j] as number);
    }
    return { rows: m.rows, cols: d, data: out };
  }

  /** Scales one row into `out` (a new array by default). */
  transformRow(values: ArrayLike<number>, out = new Float64Array(values.length)): Float64Array {
    const { mul, add } = this.fitted(values.length);
    for (let j = 0; j < values.length; j++)
      out[j] = (values[j] as number) * (mul[j] as number) + (add[j] as number);
    this.postTransform(out);
    return out;
  }

  /** A pipe step scaling each NumericRow (the scaler must be fitted, on training data). */
  asTask(): PipeTask<NumericRow, NumericRow> {
    return { map: (row) => ({ ...row, values: this.transformRow(row.values) }) };
  }

  /**
   * The fitted map as `x * scale + offset` per feature (what an ONNX Scaler node needs); `clip` is
   * true when a MinMaxScaler also clips to its range, which no affine map expresses.
   */
  affine(): { scale: number[]; offset: number[]; clip: boolean } {
    const { mul, add } = this.fitted(this.nFeaturesIn);
    return { scale: Array.from(mul), offset: Array.from(add), clip: Boolean(this.getParams().clip) };
  }

  /** The fitted state (same as getState), for JSON.stringify. */
  toJSON(): TransformerState {
    return this.getState();
  }

  /** Rebuilds a fitted scaler from `toJSON()` / `getState()` output. */
  static fromJSON(json: TransformerState): Scaler {
    const make = scalerFactories.get(json?.type);
    if (!make) throw new DataError(`scaler JSON: unknown type ${JSON.stringify(json?.type)}`);
    const s = make();
    s.setState(json);
    return s;
  }

  /** Clipping etc. after the affine map (default: nothing). */
  protected postTransform(_out: Float64Array): void {}

  protected setAffine(mul: Float64Array, add: Float64Array): void {
    this.mul = mul;
    this.add = add;
  }

  protected fitted(cols: number): { mul: Float64Array; add: Float64Array } {
    checkWidth(this.mul !== null, this.name, this.mul?.length ?? 0, cols);
    return { mul: this.mul as Float64Array, add: this.add as Float64Array };
  }

  /** X as numbers, non-empty, without infinities; every column needs one non-missing value. */
  protected static fitInput(X: DataLike, who: string): Matrix {
    const m = toNumeric(X, who);
    shapeOf(m, who);
    if (m.rows === 0) throw new DataError(`${who}.fit: X is empty`);
    if (m.cols === 0) throw new DataError(`${who}.fit: X has 0 features`);
    const seen = new Uint8Array(m.cols);
    for (let k = 0; k < m.data.length; k++) {
      const v = m.data[k] as number;
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
        const i = Math.floor(k / m.cols);
        throw new DataError(`${who}.fit: X contains ${v} at row ${i}, column ${k - i * m.cols}`);
      }
      if (!Number.isNaN(v)) seen[k % m.cols] = 1;
    }
    const empty = seen.indexOf(0);
    if (empty >= 0) {
      throw new DataError(
        `${who}.fit: column ${empty} has only missing values; impute it first (SimpleImputer) or drop it`,
      );
    }
    return m;
  }
}

/** Factories by state type, filled by the scaler modules (no import cycle). */
export const scalerFactories = new Map<string, () => Scaler>();

export function checkBool(v: unknown, param: string, owner: string): boolean {
  if (typeof v !== 'boolean') throw new ParamError(param, v, 'true or false', owner);
  return v;
}

/** `a` as a Float64Array, or a CheckpointError-style DataError naming the field. */
export function floats(a: unknown, field: string, who: string, n?: number): Float64Array {
  if (
    !Array.isArray(a) ||
    (n !== undefined && a.length !== n) ||
    a.some((v) => typeof v !== 'number' && v !== null)
  ) {
    throw new DataError(`${who} state: '${field}' must be an array of ${n ?? 'n'} numbers`);
  }
  return Float64Array.from(a as (number | null)[], (v) => (v === null ? Number.NaN : v));
}
