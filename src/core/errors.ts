/**
 * Typed errors. Every error autolearn throws is an `AutolearnError` subclass with readonly fields a
 * caller can branch on; errors are thrown, never returned as values.
 */

/**
 * The base class of every error autolearn throws: a typed subclass per kind of failure, each with a
 * stable `code` (e.g. `E_PARAM`) and readonly fields a caller can branch on. Errors are thrown, never
 * returned as values.
 *
 * @example
 * ```ts
 * import { AutolearnError, ParamError, SVC } from 'autolearn';
 *
 * try {
 *   await new SVC({ C: -1 }).fit([[0], [1]], [0, 1]);
 * } catch (e) {
 *   if (e instanceof ParamError) console.log(e.param, e.allowed); // 'C', 'a finite number with 0 < x'
 *   else if (e instanceof AutolearnError) console.log(e.code, e.message);
 *   else throw e;
 * }
 * ```
 */
export class AutolearnError extends Error {
  /** Stable machine-readable code, e.g. `E_PARAM`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A hyper-parameter (or any named option) is missing, of the wrong type, or out of range.
 *
 * @example
 * ```ts
 * import { GaussianNB, ParamError } from 'autolearn';
 *
 * const err = await new GaussianNB({ varSmoothing: -1 }).fit([[0], [1]], ['a', 'b']).catch((e: unknown) => e);
 * if (err instanceof ParamError) console.log(`${err.param}: ${err.allowed}`);
 * ```
 */
export class ParamError extends AutolearnError {
  constructor(
    readonly param: string,
    readonly value: unknown,
    readonly allowed: string,
    readonly owner = '',
  ) {
    super(
      'E_PARAM',
      `${owner ? `${owner}: ` : ''}invalid value ${safeString(value)} for parameter '${param}'; allowed: ${allowed}`,
    );
  }
}

/**
 * `predict`/`evaluate`/... called before `fit`.
 *
 * @example
 * ```ts
 * import { NotFittedError, SVC } from 'autolearn';
 *
 * const err = await new SVC().predict([[1, 2]]).catch((e: unknown) => e);
 * console.log(err instanceof NotFittedError); // true
 * ```
 */
export class NotFittedError extends AutolearnError {
  constructor(readonly model: string) {
    super('E_NOT_FITTED', `${model} is not fitted yet: call fit() before using it`);
  }
}

/**
 * Input data is unusable: NaN/Infinity, wrong feature count, empty, one class, mismatched lengths.
 *
 * @example
 * ```ts
 * import { DataError, LogisticRegression } from 'autolearn';
 *
 * const err = await new LogisticRegression().fit([[0], [Number.NaN]], [0, 1]).catch((e: unknown) => e);
 * console.log(err instanceof DataError, (err as Error).message);
 * ```
 */
export class DataError extends AutolearnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_DATA', message, options);
  }
}

/**
 * Tensor shapes do not fit an operation.
 *
 * @example
 * ```ts
 * import { matrix, ShapeError } from 'autolearn';
 *
 * try {
 *   matrix(2, 2, Float64Array.from([1, 2, 3]));
 * } catch (e) {
 *   console.log(e instanceof ShapeError, (e as Error).message); // true 'matrix data has 3 values, expected 2x2'
 * }
 * ```
 */
export class ShapeError extends AutolearnError {
  constructor(message: string) {
    super('E_SHAPE', message);
  }
}

/**
 * A malformed row or cell in a CSV source; names the file, 1-based line and column.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { CsvError, readCsvMatrix } from 'autolearn';
 *
 * writeFileSync('/tmp/bad.csv', 'a,b,label\n1,2,x\n3,oops,y\n');
 * const err = await readCsvMatrix('/tmp/bad.csv').catch((e: unknown) => e);
 * if (err instanceof CsvError) console.log(err.file, err.line, err.column, err.reason);
 * ```
 */
export class CsvError extends AutolearnError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number | string | null,
    readonly reason: string,
  ) {
    super('E_CSV', `${file}:${line}${column === null ? '' : ` column ${String(column)}`}: ${reason}`);
  }
}

/**
 * Unknown device, a device that cannot load here, or a tensor used on the wrong device.
 *
 * @example
 * ```ts
 * import { DeviceError, getBackend } from 'autolearn';
 *
 * const err = await getBackend('tpu').catch((e: unknown) => e);
 * if (err instanceof DeviceError) console.log(err.message); // unknown device "tpu"; known devices: ...
 * ```
 */
export class DeviceError extends AutolearnError {
  constructor(
    message: string,
    readonly device: string,
    readonly available: readonly string[] = [],
  ) {
    super('E_DEVICE', message);
  }
}

/** A backend lacks an op; names both. */
export class UnsupportedOpError extends AutolearnError {
  constructor(
    readonly op: string,
    readonly backend: string,
  ) {
    super('E_UNSUPPORTED_OP', `op '${op}' is not implemented by backend '${backend}'`);
  }
}

/**
 * A downloaded or cached file does not have the expected sha256.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { ChecksumError, verifyChecksum } from 'autolearn';
 *
 * writeFileSync('/tmp/data.csv', 'x\n1\n');
 * const err = await verifyChecksum('/tmp/data.csv', '0'.repeat(64)).catch((e: unknown) => e);
 * console.log(err instanceof ChecksumError);
 * ```
 */
export class ChecksumError extends AutolearnError {
  constructor(
    readonly source: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super('E_CHECKSUM', `sha256 mismatch for ${source}: expected ${expected}, got ${actual}`);
  }
}

/**
 * A checkpoint object is not one this version can load.
 *
 * @example
 * ```ts
 * import { CheckpointError, loadCheckpoint } from 'autolearn';
 *
 * try {
 *   loadCheckpoint({ format: 'something-else' });
 * } catch (e) {
 *   console.log(e instanceof CheckpointError, (e as Error).message);
 * }
 * ```
 */
export class CheckpointError extends AutolearnError {
  constructor(message: string) {
    super('E_CHECKPOINT', message);
  }
}

/**
 * Something was looked up by name and does not exist (dataset, model, record, ...).
 *
 * @example
 * ```ts
 * import { getDataset, NotFoundError } from 'autolearn';
 *
 * const err = await getDataset('mnist').catch((e: unknown) => e);
 * if (err instanceof NotFoundError) console.log(err.kind, err.key, err.known); // 'dataset' 'mnist' ['iris', 'height_weight']
 * ```
 */
export class NotFoundError extends AutolearnError {
  constructor(
    readonly kind: string,
    readonly key: string,
    readonly known: readonly string[] = [],
  ) {
    super('E_NOT_FOUND', `unknown ${kind} '${key}'${known.length ? `; known: ${known.join(', ')}` : ''}`);
  }
}

/**
 * A short, safe rendering of any value for an error message (strings quoted, objects as truncated JSON).
 */
export function safeString(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
