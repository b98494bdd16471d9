import type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';
import { asArray, byTimeThenSeq, checkEvent, matches } from './validate.js';

/** In-memory EventStore (tests, single-process use without persistence). Events are frozen copies. */
export class MemoryEventStore implements EventStore {
  readonly kind = 'memory';
  private readonly events: StoredEvent[] = [];

  async append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]> {
    const list = asArray(events);
    const texts = list.map((e) => checkEvent(e));
    const out: StoredEvent<P>[] = [];
    list.forEach((e, i) => {
      const stored = Object.freeze({
        seq: this.events.length + 1,
        entityId: e.entityId,
        timestamp: e.timestamp,
        payload: JSON.parse(texts[i] as string) as P,
      });
      this.events.push(stored);
      out.push(stored);
    });
    return out;
  }

  async readAggregate<P = unknown>(entityId: string): Promise<StoredEvent<P>[]> {
    return this.events.filter((e) => e.entityId === entityId) as StoredEvent<P>[];
  }

  async readAll<P = unknown>(options: ReadAllOptions = {}): Promise<StoredEvent<P>[]> {
    return this.events.filter((e) => matches(e, options)).sort(byTimeThenSeq) as StoredEvent<P>[];
  }

  async close(): Promise<void> {}
}
