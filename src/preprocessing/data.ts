/**
 * The data a preprocessing step takes and gives: a numeric `Matrix` / `number[][]`, or raw rows
 * (`Table`) whose cells may be numbers, text (for an encoder), or missing (`null`, `undefined`,
 * `NaN`, for an imputer). Helpers convert between the two with errors that name the cell.
 */
import { DataError, NotFittedError } from '../core/errors.js';
import { isMatrix, type Matrix, type MatrixLike } from '../core/matrix.js';

/** One raw cell: a number, a text value, or missing (`null` / `undefined`; `NaN` also counts as missing). */
export type Cell = number | string | null | undefined;

/** Raw rows: one array of cells per sample, all of the same length. */
export type Table = readonly (readonly Cell[])[];

/** What a preprocessing step or a Pipeline accepts. */
export type DataLike = MatrixLike | Table;

/** What a preprocessing step returns: a numeric matrix, or rows when text cells remain. */
export type Data = Matrix | Cell[][];

/**
 * Decision values as models return them: a matrix, or (scikit-learn's binary shape) one value per
 * sample.
 */
export type Decision = Matrix | Float64Array;

/**
 * The decision values as one flat array (row-major for a matrix).
 *
 * @example
 * ```ts
 * import { decisionData, SVC } from 'autolearn';
 *
 * const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]];
 * const y = [0, 0, 0, 1, 1, 1];
 * const svc = await new SVC().fit(X, y);
 * decisionData(await svc.decisionFunction(X)); // Float64Array
 * ```
 */
export function decisionData(d: Decision): Float64Array {
  return d instanceof Float64Array ? d : d.data;
}

/** The plain, JSON-serialisable fitted state of a step (`type` names its class). */
export interface TransformerState {
  readonly type: string;
  readonly params: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** Options a step's fit may use. */
export interface TransformerFitOptions {
  /** Column names of X (lets a ColumnTransformer select columns by name). */
  readonly featureNames?: readonly string[];
}

/** The preprocessing-step contract (scikit-learn's transformer): fitted on training rows only. */
export interface Transformer {
  /** Class name, as stored in checkpoints (e.g. 'StandardScaler'). */
  readonly name: string;
  readonly isFitted: boolean;
  /** Columns seen at fit (0 before fit). */
  readonly nFeaturesIn: number;
  /** Learns from X (training rows) and returns X transformed. */
  fitTransform(X: DataLike, y?: unknown, options?: TransformerFitOptions): Data;
  transform(X: DataLike): Data;
  getParams(): Record<string, unknown>;
  setParams(params: Record<string, unknown>): this;
  /** An unfitted copy with the same parameters. */
  clone(): Transformer;
  getState(): TransformerState;
}

/**
 * True for an object with the preprocessing-step methods (fitTransform, transform, getState).
 *
 * @example
 * ```ts
 * import { isTransformer, StandardScaler, SVC } from 'autolearn';
 *
 * isTransformer(new StandardScaler()); // true
 * isTransformer(new SVC()); // false
 * ```
 */
export function isTransformer(x: unknown): x is Transformer {
  const t = x as Transformer;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof t.fitTransform === 'function' &&
    typeof t.transform === 'function' &&
    typeof t.getState === 'function'
  );
}

export function isMissing(c: Cell): boolean {
  return c === null || c === undefined || (typeof c === 'number' && Number.isNaN(c));
}

/** Number of rows and columns of X (a Table must be rectangular). */
export function shapeOf(X: DataLike, who: string): { rows: number; cols: number } {
  if (isMatrix(X)) return { rows: X.rows, cols: X.cols };
  if (!Array.isArray(X)) throw new DataError(`${who}: X must be a Matrix, number[][] or an array of rows`);
  const rows = X.length;
  const cols = rows ? ((X[0] as readonly Cell[] | undefined)?.length ?? 0) : 0;
  for (let i = 0; i < rows; i++) {
    const r = X[i] as readonly Cell[] | undefined;
    if (!Array.isArray(r)) throw new DataError(`${who}: row ${i} of X is not an array`);
    if (r.length !== cols)
      throw new DataError(`${who}: row ${i} of X has ${r.length} values, expected ${cols}`);
  }
  return { rows, cols };
}

/** One cell of X. */
export function cellAt(X: DataLike, i: number, j: number, cols: number): Cell {
  if (isMatrix(X)) return X.data[i * cols + j] as number;
  return (X as Table)[i]?.[j];
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * X as a numeric matrix: numbers pass, numeric text ('5.1') is parsed, missing cells become NaN;
 * any other text throws a DataError naming the cell (encode text columns with OneHotEncoder).
 *
 * @example
 * ```ts
 * import { toNumeric } from 'autolearn';
 *
 * toNumeric([[1, '2.5'], [null, 4]], 'mine'); // Matrix [[1, 2.5], [NaN, 4]]
 * ```
 */
export function toNumeric(X: DataLike, who: string): Matrix {
  if (isMatrix(X)) return X;
  const { rows, cols } = shapeOf(X, who);
  const data = new Float64Array(rows * cols);
  const t = X as Table;
  for (let i = 0; i < rows; i++) {
    const r = t[i] as readonly Cell[];
    for (let j = 0; j < cols; j++) {
      const c = r[j];
      if (typeof c === 'number') data[i * cols + j] = c;
      else if (c === null || c === undefined) data[i * cols + j] = Number.NaN;
      else if (typeof c === 'string' && NUMERIC.test(c)) data[i * cols + j] = Number(c);
      else {
        throw new DataError(
          `${who}: row ${i}, column ${j} holds the text ${JSON.stringify(c)}; only numbers are allowed here (encode text columns with OneHotEncoder, e.g. in a ColumnTransformer)`,
        );
      }
    }
  }
  return { rows, cols, data };
}

/** Throws a DataError for a +-Infinity cell (NaN is allowed: it means missing). */
export function assertNoInfinity(X: Matrix, who: string): void {
  const d = X.data;
  for (let k = 0; k < d.length; k++) {
    const v = d[k] as number;
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
      const i = Math.floor(k / X.cols);
      throw new DataError(`${who}: X contains ${v} at row ${i}, column ${k - i * X.cols}`);
    }
  }
}

/** Rows of cells (a Matrix becomes number rows). */
export function toTable(X: DataLike, who: string): Cell[][] {
  const { rows, cols } = shapeOf(X, who);
  const out: Cell[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const r: Cell[] = new Array(cols);
    for (let j = 0; j < cols; j++) r[j] = cellAt(X, i, j, cols);
    out[i] = r;
  }
  return out;
}

/** Rows -> Matrix when every cell is a number (or missing), else the rows as they are. */
export function compact(rows: Cell[][], cols: number): Data {
  for (const r of rows) for (const c of r) if (typeof c === 'string') return rows;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Cell[];
    for (let j = 0; j < cols; j++) {
      const c = r[j];
      data[i * cols + j] = typeof c === 'number' ? c : Number.NaN;
    }
  }
  return { rows: rows.length, cols, data };
}

/** Throws NotFittedError when `fitted` is false, DataError when X has another width. */
export function checkWidth(fitted: boolean, who: string, expected: number, got: number): void {
  if (!fitted) throw new NotFittedError(who);
  if (expected !== got) {
    throw new DataError(`${who} was fitted on ${expected} features, got ${got}`);
  }
}

export function numbersOrNull(a: ArrayLike<number> | null): number[] | null {
  return a === null ? null : Array.from(a);
}
