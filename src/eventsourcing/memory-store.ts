import type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';
import { asArray, byTimeThenSeq, checkEvent, matches } from './validate.js';

interface Row {
  readonly seq: number;
  readonly entityId: string;
  readonly timestamp: number;
  /** Kept as JSON text so no reader can change history through a shared object. */
  readonly text: string;
}

/**
 * In-memory EventStore (tests, single-process use without persistence). Reads return fresh copies.
 *
 * @example
 * ```ts
 * import { MemoryEventStore } from 'autolearn/eventsourcing';
 *
 * const store = new MemoryEventStore();
 * await store.append([
 *   { entityId: 'cart', timestamp: 1, payload: { add: 'apple' } },
 *   { entityId: 'cart', timestamp: 2, payload: { add: 'pear' } },
 * ]);
 * console.log((await store.readAggregate('cart')).map((e) => e.seq));
 * ```
 */
export class MemoryEventStore implements EventStore {
  readonly kind = 'memory';
  private readonly events: Row[] = [];

  async append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]> {
    const list = asArray(events);
    const texts = list.map((e) => checkEvent(e));
    const out: StoredEvent<P>[] = [];
    list.forEach((e, i) => {
      const row: Row = {
        seq: this.events.length + 1,
        entityId: e.entityId,
        timestamp: e.timestamp,
        text: texts[i] as string,
      };
      this.events.push(row);
      out.push(toEvent(row) as StoredEvent<P>);
    });
    return out;
  }

  async readAggregate<P = unknown>(entityId: string): Promise<StoredEvent<P>[]> {
    return this.events.filter((e) => e.entityId === entityId).map(toEvent) as StoredEvent<P>[];
  }

  async readAll<P = unknown>(options: ReadAllOptions = {}): Promise<StoredEvent<P>[]> {
    return this.events
      .map(toEvent)
      .filter((e) => matches(e, options))
      .sort(byTimeThenSeq) as StoredEvent<P>[];
  }

  async close(): Promise<void> {}
}

function toEvent(r: Row): StoredEvent {
  return { seq: r.seq, entityId: r.entityId, timestamp: r.timestamp, payload: JSON.parse(r.text) };
}
