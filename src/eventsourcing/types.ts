/**
 * Event-sourcing contracts (seed chapter 5.2): a DomainEvent is one immutable fact about one entity
 * (the seed's `_entityId`, `_eventTimeStamp`, `_eventPayload`); an EventStore appends and reads them
 * and offers no way to change or delete one.
 */

/** One fact about one entity, as emitted (before the store numbers it). */
export interface DomainEvent<P = unknown> {
  /** The aggregate / entity the event belongs to (e.g. `session`). */
  readonly entityId: string;
  /** Unix time in milliseconds. */
  readonly timestamp: number;
  /** Domain data; must be JSON-serializable. */
  readonly payload: P;
}

/** A DomainEvent as stored: `seq` is assigned by the store and grows with every append. */
export interface StoredEvent<P = unknown> extends DomainEvent<P> {
  readonly seq: number;
}

export interface ReadAllOptions {
  /** Only events with `timestamp >= from` (ms). */
  readonly from?: number;
  /** Only events with `timestamp <= to` (ms). */
  readonly to?: number;
  /** Only these aggregates (default: all). */
  readonly entityIds?: readonly string[];
}

/**
 * Append-only event storage. `readAggregate` returns one entity's events in append order;
 * `readAll` returns every event in time order (timestamp, then `seq`). There is deliberately no
 * update or delete.
 */
export interface EventStore {
  /** 'memory' | 'sqlite' | 'postgres' | 'nats'. */
  readonly kind: string;
  append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]>;
  readAggregate<P = unknown>(entityId: string): Promise<StoredEvent<P>[]>;
  readAll<P = unknown>(options?: ReadAllOptions): Promise<StoredEvent<P>[]>;
  close(): Promise<void>;
}
