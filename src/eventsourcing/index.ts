/**
 * autolearn/eventsourcing — DomainEvent, DomainEntity (emit / rewind), EventStore with SQLite
 * (embedded default), PostgreSQL and NATS JetStream adapters, and the seed's behavioural records.
 * Drivers are imported lazily inside the adapter factories.
 * @packageDocumentation
 * @module autolearn/eventsourcing
 */

export {
  AGGREGATES,
  type AggregateName,
  type BehaviouralPayload,
  type BehaviouralRecord,
  type BehaviouralValue,
  type ComType,
  formatLoggedRecord,
  type LoggedRecord,
  type MessageType,
  PAYLOADS,
  type PayloadName,
  QUEUES,
  type QueueName,
  readBehaviouralLog,
  SERVICES,
  ServiceLog,
  type ServiceLogState,
  type ServiceName,
  toLoggedRecord,
} from './behavioural.js';
export { DomainEntity } from './domain-entity.js';
export { EventStoreError, StoreUnavailableError } from './errors.js';
export { MemoryEventStore } from './memory-store.js';
export type { NatsEventStoreOptions } from './nats-store.js';
export { DEFAULT_DATA_DIR, DEFAULT_DB_FILE, type OpenEventStoreOptions, openEventStore } from './open.js';
export type { PostgresEventStoreOptions } from './postgres-store.js';
export type { RetryPolicy } from './retry.js';
export type { SqliteEventStoreOptions } from './sqlite-store.js';
export type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';

import type { NatsEventStoreOptions } from './nats-store.js';
import type { PostgresEventStoreOptions } from './postgres-store.js';
import type { SqliteEventStoreOptions } from './sqlite-store.js';
import type { EventStore } from './types.js';

/** SQLite adapter (loads better-sqlite3 on call). */
export async function openSqliteEventStore(options: SqliteEventStoreOptions): Promise<EventStore> {
  return (await import('./sqlite-store.js')).openSqliteEventStore(options);
}
/** PostgreSQL adapter (loads pg on call). */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<EventStore> {
  return (await import('./postgres-store.js')).openPostgresEventStore(options);
}
/** NATS JetStream adapter (loads nats on call). */
export async function openNatsEventStore(options: NatsEventStoreOptions): Promise<EventStore> {
  return (await import('./nats-store.js')).openNatsEventStore(options);
}
