import { safeString } from '../core/errors.js';
import { EventStoreError } from './errors.js';
import type { DomainEvent, ReadAllOptions, StoredEvent } from './types.js';

/** Checks an event before it is appended and returns its payload as JSON text. */
export function checkEvent(e: DomainEvent<unknown>): string {
  if (typeof e !== 'object' || e === null) throw new EventStoreError(`not an event: ${safeString(e)}`);
  if (typeof e.entityId !== 'string' || e.entityId.length === 0 || e.entityId.length > 200) {
    throw new EventStoreError(
      `event entityId must be a non-empty string (<= 200 chars), got ${safeString(e.entityId)}`,
    );
  }
  if (!Number.isSafeInteger(e.timestamp) || e.timestamp < 0) {
    throw new EventStoreError(
      `event timestamp must be a non-negative integer (ms), got ${safeString(e.timestamp)}`,
    );
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(e.payload);
  } catch (cause) {
    throw new EventStoreError('event payload is not JSON-serializable', { cause });
  }
  if (text === undefined) throw new EventStoreError('event payload is not JSON-serializable (undefined)');
  return text;
}

export function asArray<T>(x: T | readonly T[]): readonly T[] {
  return Array.isArray(x) ? (x as readonly T[]) : [x as T];
}

/** Time order used by every `readAll`: timestamp, then store sequence. */
export function byTimeThenSeq(a: StoredEvent, b: StoredEvent): number {
  return a.timestamp - b.timestamp || a.seq - b.seq;
}

export function matches(e: StoredEvent, o: ReadAllOptions): boolean {
  if (o.from !== undefined && e.timestamp < o.from) return false;
  if (o.to !== undefined && e.timestamp > o.to) return false;
  if (o.entityIds && !o.entityIds.includes(e.entityId)) return false;
  return true;
}
