import { AutolearnError } from '../core/errors.js';
import { ConflictError } from './stores/errors.js';

export { ConflictError };

/**
 * A session-id token that is malformed, tampered with, forged or made with an unknown key.
 *
 * @example
 * ```ts
 * import { generateKey, InvalidTokenError, SessionTokens } from 'autolearn/services';
 *
 * try {
 *   new SessionTokens([generateKey()]).decrypt('Zm9yZ2Vk');
 * } catch (e) {
 *   console.log(e instanceof InvalidTokenError, (e as Error).message);
 * }
 * ```
 */
export class InvalidTokenError extends AutolearnError {
  constructor(readonly reason: string) {
    super('E_INVALID_TOKEN', `invalid session token: ${reason}`);
  }
}

/** An attempt to change a record of the permanent (immutable) store (a ConflictError: HTTP 409). */
export class ImmutableRecordError extends ConflictError {
  constructor(
    id: string,
    readonly operation: string,
  ) {
    super(
      id,
      `is in the permanent store (${operation} rejected)`,
      'E_IMMUTABLE',
      `experiment '${id}' is in the permanent store and cannot be changed (${operation} rejected)`,
    );
  }
}

/** A record id that already exists in the session or the permanent store. */
export class DuplicateRecordError extends AutolearnError {
  constructor(
    readonly id: string,
    readonly store: string,
  ) {
    super('E_DUPLICATE', `record '${id}' already exists in the ${store} store`);
  }
}

/** A store, bus or key configuration that cannot work. */
export class ConfigError extends AutolearnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_CONFIG', message, options);
  }
}
