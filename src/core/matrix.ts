import { DataError, ShapeError } from './errors.js';

/** Dense row-major matrix on a contiguous Float64Array: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A matrix whose values are in another numeric typed array (e.g. Float32Array); copied to float64. */
export interface MatrixOf {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array | Int32Array | Uint8Array | Int16Array | Uint16Array;
}

/** Anything a model accepts as a feature matrix. */
export type MatrixLike = Matrix | MatrixOf | readonly (readonly number[])[];

/**
 * True when `x` is a row-major `Matrix` (`rows`, `cols` and a Float64Array `data` of rows * cols values).
 */
export function isMatrix(x: unknown): x is Matrix {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as Matrix).data instanceof Float64Array &&
    typeof (x as Matrix).rows === 'number' &&
    typeof (x as Matrix).cols === 'number'
  );
}

/**
 * A row-major `rows x cols` matrix over a Float64Array (zero-filled, or the given data, whose length
 * must be rows * cols).
 *
 * @example
 * ```ts
 * import { matrix } from 'autolearn';
 *
 * const m = matrix(2, 3, Float64Array.from([1, 2, 3, 4, 5, 6]));
 * console.log(m.data[1 * m.cols + 2]); // row 1, column 2: 6
 * ```
 */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  const d = data ?? new Float64Array(rows * cols);
  if (d.length !== rows * cols)
    throw new ShapeError(`matrix data has ${d.length} values, expected ${rows}x${cols}`);
  return { rows, cols, data: d };
}

function describeCell(v: unknown): string {
  if (v === null) return 'a missing value (null)';
  if (v === undefined) return 'a missing value (undefined)';
  if (typeof v === 'string') {
    const t = v.length > 30 ? `${v.slice(0, 27)}...` : v;
    return v.trim() === '' ? 'a missing value (empty string)' : `the string ${JSON.stringify(t)}`;
  }
  if (Array.isArray(v)) return 'a nested array';
  return `a ${typeof v}`;
}

/**
 * Converts number[][] (or passes a Matrix through) without copying a Matrix; a matrix on another
 * typed array (Float32Array, ...) is copied to float64. Rows must be equal length and every cell a
 * number: a null, undefined, '' or any other non-number cell is a DataError naming its row and
 * column (never silently read as 0 or NaN); impute missing values explicitly beforehand. A 1-D
 * array (a single row or column given flat) is a DataError that says how to reshape it.
 *
 * @example
 * ```ts
 * import { toArrays, toMatrix } from 'autolearn';
 *
 * const m = toMatrix([[1, 2, 3], [4, 5, 6]]);
 * console.log(m.rows, m.cols, toArrays(m));
 * ```
 */
export function toMatrix(x: MatrixLike): Matrix {
  if (isMatrix(x)) return x;
  if (typeof x === 'object' && x !== null && !Array.isArray(x) && 'data' in x && ArrayBuffer.isView(x.data)) {
    const m = x as MatrixOf;
    if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0) {
      throw new DataError('X: a matrix needs integer rows and cols');
    }
    if (m.data.length !== m.rows * m.cols) {
      throw new ShapeError(`X: matrix data has ${m.data.length} values, expected ${m.rows}x${m.cols}`);
    }
    return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
  }
  if (ArrayBuffer.isView(x)) {
    throw new DataError(
      'X must be 2-D (n samples x n features), got a flat typed array; wrap it as {rows, cols, data} or as number[][]',
    );
  }
  if (!Array.isArray(x)) throw new DataError('X must be a number[][] or a Matrix {rows, cols, data}');
  const rows = x.length;
  const first = rows ? x[0] : undefined;
  const isRow = (r: unknown): r is ArrayLike<unknown> =>
    Array.isArray(r) || (ArrayBuffer.isView(r) && !(r instanceof DataView));
  if (rows && !isRow(first)) {
    throw new DataError(
      `X must be 2-D (n samples x n features), got a 1-D array of ${rows} values: ` +
        'use [[v1], [v2], ...] for a single feature or [[v1, v2, ...]] for a single sample',
    );
  }
  const cols = rows ? (first as ArrayLike<unknown>).length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = x[i];
    if (!isRow(r) || r.length !== cols) {
      throw new DataError(
        `X: row ${i} has ${isRow(r) ? `${r.length} values` : describeCell(r)}, expected ${cols} values like row 0`,
      );
    }
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = r[j];
      if (typeof v !== 'number') {
        throw new DataError(
          `X contains ${describeCell(v)} at row ${i}, column ${j}; every cell must be a number`,
        );
      }
      data[o + j] = v;
    }
  }
  return { rows, cols, data };
}

/**
 * The rows of a matrix as `number[][]` (a copy).
 *
 * @example
 * ```ts
 * import { toArrays, toMatrix } from 'autolearn';
 *
 * console.log(toArrays(toMatrix([[1, 2], [3, 4]]))); // [[1, 2], [3, 4]]
 * ```
 */
export function toArrays(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/** Throws a DataError naming the first non-finite cell (NaN or +-Infinity). */
export function assertFinite(m: Matrix, what = 'X'): void {
  const d = m.data;
  const n = d.length;
  // Fast pass: v - v is 0 for a finite v and NaN for NaN or +-Infinity, so the sum stays 0 (or -0)
  // exactly when every cell is finite. Only a failing matrix pays for the locating loop below.
  // (eight cells a step, added as a tree: one add per step on the loop-carried sum)
  let acc = 0;
  let k = 0;
  for (; k + 8 <= n; k += 8) {
    const a = d[k] as number;
    const b = d[k + 1] as number;
    const c = d[k + 2] as number;
    const e = d[k + 3] as number;
    const f = d[k + 4] as number;
    const g = d[k + 5] as number;
    const h = d[k + 6] as number;
    const q = d[k + 7] as number;
    acc += a - a + (b - b) + (c - c + (e - e)) + (f - f + (g - g) + (h - h + (q - q)));
  }
  for (; k < n; k++) {
    const v = d[k] as number;
    acc += v - v;
  }
  if (acc === 0) return;
  for (let k = 0; k < n; k++) {
    const v = d[k] as number;
    if (!Number.isFinite(v)) {
      const i = Math.floor(k / m.cols);
      throw new DataError(`${what} contains ${v} at row ${i}, column ${k - i * m.cols}`);
    }
  }
}

/** New matrix holding the given rows, in order. */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const c = m.cols;
  const out = new Float64Array(idx.length * c);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k] as number;
    out.set(m.data.subarray(i * c, i * c + c), k * c);
  }
  return { rows: idx.length, cols: c, data: out };
}
