/**
 * DomainEntity (seed chapter 5.2): state changes only through `emit` (build the event, write it to
 * the EventStore, apply it); `rewind` rebuilds the state from the stored events without writing them
 * again. Subclasses supply the initial state and a pure `apply` reducer.
 */
import type { DomainEvent, EventStore, StoredEvent } from './types.js';

/**
 * An event-sourced entity: its state changes only through `emit` (the event is written to the
 * EventStore, then applied), and `rewind` rebuilds the state from the stored events. Subclasses give
 * the initial state and a pure `apply` reducer.
 *
 * @example
 * ```ts
 * import { type DomainEvent, DomainEntity, openEventStore } from 'autolearn/eventsourcing';
 *
 * class Counter extends DomainEntity<number, { add: number }> {
 *   protected initialState() {
 *     return 0;
 *   }
 *   protected apply(state: number, e: DomainEvent<{ add: number }>) {
 *     return state + e.payload.add;
 *   }
 * }
 * const store = await openEventStore('memory');
 * const counter = new Counter('counter', store);
 * await counter.emit({ add: 2 });
 * await counter.emit({ add: 3 });
 * console.log(counter.state, await new Counter('counter', store).rewind()); // 5 5
 * ```
 */
export abstract class DomainEntity<S, P = unknown> {
  private current: S;
  private list: StoredEvent<P>[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly entityId: string,
    protected readonly store: EventStore,
    protected readonly clock: () => number = Date.now,
  ) {
    this.current = this.initialState();
  }

  /** The state before any event. */
  protected abstract initialState(): S;
  /** Pure reducer: the state after `event`. */
  protected abstract apply(state: S, event: DomainEvent<P>): S;

  /** Current state (the seed's `_status`). */
  get state(): S {
    return this.current;
  }

  /** Events applied to this instance so far (the seed's `_eventList`). */
  get events(): readonly StoredEvent<P>[] {
    return this.list;
  }

  /** Emits one event: stores it, then applies it. Concurrent emits are applied in store order. */
  emit(payload: P, timestamp: number = this.clock()): Promise<StoredEvent<P>> {
    const run = async (): Promise<StoredEvent<P>> => {
      const event: DomainEvent<P> = { entityId: this.entityId, timestamp, payload };
      const [stored] = await this.store.append(event);
      this.current = this.apply(this.current, stored as StoredEvent<P>);
      this.list.push(stored as StoredEvent<P>);
      return stored as StoredEvent<P>;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => {});
    return next;
  }

  /**
   * Rebuilds the state from the store: every event of this entity, in order, or only those with
   * `timestamp <= until` (a past state). Nothing is written.
   */
  async rewind(until?: number): Promise<S> {
    await this.queue;
    const stored = await this.store.readAggregate<P>(this.entityId);
    const kept = until === undefined ? stored : stored.filter((e) => e.timestamp <= until);
    let state = this.initialState();
    for (const e of kept) state = this.apply(state, e);
    this.current = state;
    this.list = kept;
    return state;
  }
}
