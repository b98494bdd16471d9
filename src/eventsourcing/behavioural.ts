/**
 * The seed's behavioural records (report section 3.3.3): every message a service sends or receives
 * is a record `{key, value{source_service, destination_service, message_type, com_type, payload},
 * timestamp}` appended to that service's (or queue's) aggregate.
 */
import { DomainEntity } from './domain-entity.js';
import type { DomainEvent, EventStore, StoredEvent } from './types.js';

export const SERVICES = ['CLIENT', 'CATALOG', 'TRAINING', 'EVALUATION', 'SESSION', 'STORAGE'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The seed's aggregates: one per service plus one per message-broker queue. */
export const AGGREGATES = [
  'catalog',
  'training',
  'evaluation',
  'session',
  'sessionRecord',
  'sessionUpdate',
  'storage',
  'storageRecord',
] as const;
export type AggregateName = (typeof AGGREGATES)[number];

export const QUEUES = ['sessionRecord', 'sessionUpdate', 'storageRecord'] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * The seed's payload vocabulary. `evaluation_req` names the client's evaluation request, whose cell is
 * blank in the seed's table 3.3 (every other request there has a name).
 */
export const PAYLOADS = [
  'training_catalog_req',
  'training_catalog',
  'unable_to_find_catalog',
  'training_req',
  'req_accepted',
  'req_rejected',
  'bad_request',
  'internal_server_error',
  'train_data_record',
  'query_record',
  'eval_dto',
  'sess_not_exists',
  'update_session',
  'save_session',
  'view_sessions',
  'sess_summary',
  'unable_to_fetch_data',
  'archive_data',
  'view_experiments',
  'storage_summary',
  'evaluation_req',
  // inference (not in the seed): a client's prediction request and its answer
  'predict_req',
  'prediction',
] as const;
export type PayloadName = (typeof PAYLOADS)[number];

export type MessageType = 'send' | 'receive';
export type ComType = 'sync' | 'async';

export interface BehaviouralValue {
  readonly source_service: ServiceName;
  readonly destination_service: ServiceName;
  readonly message_type: MessageType;
  readonly com_type: ComType;
  readonly payload: string;
}

/** The event payload of a behavioural record (the record less its timestamp). */
export interface BehaviouralPayload {
  /** The counterpart service of the aggregate's own service. */
  readonly key: ServiceName;
  readonly value: BehaviouralValue;
}

/** The seed's record, exactly. */
export interface BehaviouralRecord extends BehaviouralPayload {
  readonly timestamp: number;
}

/** A behavioural record together with the aggregate and store sequence it was read from. */
export interface LoggedRecord extends BehaviouralRecord {
  readonly aggregate: string;
  readonly seq: number;
}

/**
 * A stored behavioural event as the admin log's record (`aggregate`, `timestamp`, `key`, `value`, `seq`).
 */
export function toLoggedRecord(e: StoredEvent<BehaviouralPayload>): LoggedRecord {
  return {
    aggregate: e.entityId,
    seq: e.seq,
    key: e.payload.key,
    value: e.payload.value,
    timestamp: e.timestamp,
  };
}

/** The admin console's view: one aggregate's records in order, or the whole system's in time order. */
export async function readBehaviouralLog(store: EventStore, aggregate?: string): Promise<LoggedRecord[]> {
  const events =
    aggregate === undefined
      ? await store.readAll<BehaviouralPayload>()
      : await store.readAggregate<BehaviouralPayload>(aggregate);
  return events.map(toLoggedRecord);
}

/**
 * One line per record, for consoles.
 *
 * @example
 * ```ts
 * import { formatLoggedRecord, openEventStore, readBehaviouralLog } from 'autolearn/eventsourcing';
 *
 * const store = await openEventStore('memory');
 * for (const r of await readBehaviouralLog(store)) console.log(formatLoggedRecord(r));
 * ```
 */
export function formatLoggedRecord(r: LoggedRecord): string {
  const v = r.value;
  return `${new Date(r.timestamp).toISOString()} [${r.aggregate}] ${v.source_service} -> ${v.destination_service} ${v.message_type}/${v.com_type} ${v.payload}`;
}

export interface ServiceLogState {
  readonly messages: number;
  readonly sent: Readonly<Record<string, number>>;
  readonly received: Readonly<Record<string, number>>;
  /** Messages exchanged with each counterpart service. */
  readonly counterparts: Readonly<Record<string, number>>;
  readonly last: BehaviouralRecord | null;
}

/**
 * The behavioural log of one aggregate as a DomainEntity: `send`/`receive` emit records, the state
 * counts them, and `rewind` rebuilds the counts from the store.
 */
export class ServiceLog extends DomainEntity<ServiceLogState, BehaviouralPayload> {
  constructor(
    aggregate: string,
    /** The service this aggregate belongs to (for queues: the producer). */
    readonly service: ServiceName,
    store: EventStore,
    clock?: () => number,
  ) {
    super(aggregate, store, clock);
  }

  protected initialState(): ServiceLogState {
    return { messages: 0, sent: {}, received: {}, counterparts: {}, last: null };
  }

  protected apply(s: ServiceLogState, e: DomainEvent<BehaviouralPayload>): ServiceLogState {
    const { key, value } = e.payload;
    const bucket = value.message_type === 'send' ? 'sent' : 'received';
    return {
      ...s,
      messages: s.messages + 1,
      [bucket]: { ...s[bucket], [value.payload]: (s[bucket][value.payload] ?? 0) + 1 },
      counterparts: { ...s.counterparts, [key]: (s.counterparts[key] ?? 0) + 1 },
      last: { key, value, timestamp: e.timestamp },
    };
  }

  /** This service sends `payload` to `to`. */
  send(to: ServiceName, payload: string, com: ComType = 'async'): Promise<StoredEvent<BehaviouralPayload>> {
    return this.record(to, this.service, to, 'send', com, payload);
  }

  /** This service receives `payload` from `from`. */
  receive(
    from: ServiceName,
    payload: string,
    com: ComType = 'async',
  ): Promise<StoredEvent<BehaviouralPayload>> {
    return this.record(from, from, this.service, 'receive', com, payload);
  }

  /** Any record, e.g. for a queue aggregate whose counterpart is not its own service. */
  record(
    key: ServiceName,
    source: ServiceName,
    destination: ServiceName,
    type: MessageType,
    com: ComType,
    payload: string,
  ): Promise<StoredEvent<BehaviouralPayload>> {
    return this.emit({
      key,
      value: {
        source_service: source,
        destination_service: destination,
        message_type: type,
        com_type: com,
        payload,
      },
    });
  }
}
