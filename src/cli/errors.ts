/** CLI errors and the exit code of any error: 2 for bad input, 1 for everything else. */
import { RequestValidationError } from '../catalog/errors.js';
import { AutolearnError, CsvError, DataError, NotFoundError, ParamError } from '../core/errors.js';
import { InvalidTokenError } from '../services/errors.js';
import { PredictInputError } from '../services/predict.js';

/** Wrong command line (unknown command, missing flag, bad flag value). */
export class UsageError extends AutolearnError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

/** A non-2xx answer of the server. */
export class HttpStatusError extends AutolearnError {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly violations?: readonly unknown[],
  ) {
    super('E_HTTP', `${message} (HTTP ${status} ${error})`);
  }
}

const BAD_INPUT = [
  UsageError,
  RequestValidationError,
  InvalidTokenError,
  ParamError,
  DataError,
  CsvError,
  NotFoundError,
  PredictInputError,
];

export function exitCode(e: unknown): number {
  if (e instanceof HttpStatusError) return e.status >= 400 && e.status < 500 ? 2 : 1;
  if (BAD_INPUT.some((C) => e instanceof C)) return 2;
  return 1;
}
