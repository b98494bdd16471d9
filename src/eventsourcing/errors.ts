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
