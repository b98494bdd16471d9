import { AutolearnError } from '../../core/errors.js';

/**
 * The record changed under the request (saved by a concurrent request or another process while it
 * was being evaluated): nothing was lost silently, the request was not applied. HTTP 409.
 */
export class ConflictError extends AutolearnError {
  constructor(
    readonly id: string,
    readonly reason: string,
    code = 'E_CONFLICT',
    message = `record '${id}' ${reason}`,
  ) {
    super(code, message);
  }
}
