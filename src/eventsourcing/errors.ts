import { AutolearnError } from '../core/errors.js';

/** An event that cannot be stored, or an attempt to change stored history. */
export class EventStoreError extends AutolearnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_EVENT_STORE', message, options);
  }
}
