import { AutolearnError } from '../core/errors.js';

/**
 * An event that cannot be stored, or an attempt to change stored history.
 *
 * @example
 * ```ts
 * import { EventStoreError, openEventStore } from 'autolearn/eventsourcing';
 *
 * const err = await openEventStore('mongodb://127.0.0.1').catch((e: unknown) => e);
 * console.log(err instanceof EventStoreError, (err as Error).message);
 * ```
 */
export class EventStoreError extends AutolearnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_EVENT_STORE', message, options);
  }
}

/**
 * A backing database or broker (PostgreSQL, NATS) is unreachable or dropped the connection, and
 * the operation could not be completed within its retries. The process keeps running; the same
 * request can be sent again once the backend is back. `outcomeUnknown` is true when the connection
 * died while a write was being committed: the write may or may not have happened.
 */
export class StoreUnavailableError extends AutolearnError {
  constructor(
    readonly store: string,
    readonly operation: string,
    readonly attempts: number,
    readonly outcomeUnknown: boolean,
    options?: { cause?: unknown },
  ) {
    const why = (options?.cause as Error | undefined)?.message ?? 'connection lost';
    super(
      'E_STORE_UNAVAILABLE',
      `${store} is unavailable (${operation} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${why})${
        outcomeUnknown
          ? '; the connection dropped while the write was being committed, so it may or may not have been applied'
          : ''
      }; retry once the ${store} server is reachable again`,
      options,
    );
  }
}
