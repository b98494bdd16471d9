/**
 * EventStore on NATS JetStream: one stream, one subject per aggregate (`<prefix>.<aggregate>`).
 * The stream sequence orders events; `readAll` merges every subject by timestamp, then sequence.
 */
import { randomUUID } from 'node:crypto';
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { importOptional } from '../core/optional-dependency.js';
import { EventStoreError, StoreUnavailableError } from './errors.js';
import { RetriesExhausted, type RetryPolicy, withRetry } from './retry.js';
import type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';
import { asArray, byTimeThenSeq, checkEvent, matches } from './validate.js';

export interface NatsEventStoreOptions {
  /** e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string | string[];
  /** Stream name (default `AUTOLEARN_EVENTS`). */
  readonly stream?: string;
  /** Subject prefix (default `autolearn.events`). */
  readonly subjectPrefix?: string;
  /** Connection timeout in ms (default 3000); also the time one publish waits for its ack. */
  readonly timeoutMs?: number;
  /**
   * Retries of an operation while the server is unreachable (default 6 attempts, 100 ms doubling to
   * 1 s, on top of each attempt's own wait of at most 2 s: an operation gives up after about 15 s).
   * The connection itself reconnects forever.
   */
  readonly retry?: RetryPolicy;
  /** Delay between reconnect attempts in ms (default 250). */
  readonly reconnectTimeWaitMs?: number;
}

const NATS_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000 };
/** Upper bound of one publish's wait for its ack (ms). */
const MAX_ACK_WAIT_MS = 2000;

/** NATS error codes after which the same operation may succeed once the server is back. */
const TRANSIENT_NATS = new Set([
  'TIMEOUT',
  '503', // no responders / JetStream not (yet) available
  '408',
  'DISCONNECT',
  'CONNECTION_REFUSED',
  'CONNECTION_TIMEOUT',
  'REQUEST_ERROR',
]);

/** A read that came back short while the connection was down; it is retried. */
class IncompleteRead extends Error {
  readonly code = 'TIMEOUT';
}

export function isTransientNatsError(e: unknown): boolean {
  if (e instanceof RetriesExhausted) return false;
  const err = e as { code?: unknown; message?: unknown } | null;
  if (typeof err?.code === 'string' && TRANSIENT_NATS.has(err.code)) return true;
  return (
    typeof err?.message === 'string' &&
    /timeout|no responders|temporarily unavailable|disconnect|connection refused/i.test(err.message)
  );
}

export async function openNatsEventStore(options: NatsEventStoreOptions): Promise<EventStore> {
  const stream = options.stream ?? 'AUTOLEARN_EVENTS';
  const prefix = options.subjectPrefix ?? 'autolearn.events';
  if (!/^[A-Za-z0-9_-]+$/.test(stream))
    throw new EventStoreError(`invalid JetStream stream name '${stream}'`);
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix))
    throw new EventStoreError(`invalid subject prefix '${prefix}'`);
  const nats = await importOptional('nats', 'the NATS JetStream event store', () => import('nats'));
  const servers = options.servers;
  const timeout = options.timeoutMs ?? 3000;
  const policy = { ...NATS_RETRY, ...options.retry };
  let nc: NatsConnection;
  try {
    nc = await nats.connect({
      servers,
      timeout,
      // A lost server is reconnected to for as long as the process lives; operations meanwhile
      // retry (bounded) and then fail with StoreUnavailableError, never crash.
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 250,
      reconnectJitter: 100,
      pingInterval: 10_000,
      maxPingOut: 2,
    });
  } catch (e) {
    if (isTransientNatsError(e))
      throw new StoreUnavailableError('NATS event store', 'open', 1, false, { cause: e });
    throw e;
  }
  try {
    const jsm = await nc.jetstreamManager({ timeout });
    try {
      await jsm.streams.info(stream);
    } catch (e) {
      if (isTransientNatsError(e)) throw e;
      await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
    }
    return new NatsEventStore(
      nc,
      jsm,
      nc.jetstream({ timeout }),
      stream,
      prefix,
      policy,
      Math.min(timeout, MAX_ACK_WAIT_MS),
    );
  } catch (e) {
    await nc.close();
    if (isTransientNatsError(e))
      throw new StoreUnavailableError('NATS event store', 'open', 1, false, { cause: e });
    throw e;
  }
}

/** Injective encoding of an aggregate name as one subject token. */
export function subjectToken(entityId: string): string {
  return entityId.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface Body {
  entityId: string;
  timestamp: number;
  payload: unknown;
}

class NatsEventStore implements EventStore {
  readonly kind = 'nats';
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly stream: string,
    private readonly prefix: string,
    private readonly policy: RetryPolicy,
    private readonly timeout: number,
  ) {}

  async append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]> {
    const list = asArray(events);
    const texts = list.map((e) => checkEvent(e));
    const out: StoredEvent<P>[] = [];
    // Sequential publishes: each ack's stream sequence is larger than the previous one's. Each
    // event carries a message id, so a publish retried after a lost ack is stored once (JetStream's
    // duplicate window), and the ack of the retry names the original sequence.
    for (let i = 0; i < list.length; i++) {
      const e = list[i] as DomainEvent<P>;
      const body = `{"entityId":${JSON.stringify(e.entityId)},"timestamp":${e.timestamp},"payload":${texts[i]}}`;
      const data = this.encoder.encode(body);
      const msgID = randomUUID();
      const ack = await this.guard('append', out.length > 0, () =>
        this.js.publish(this.subject(e.entityId), data, { msgID, timeout: this.timeout }),
      );
      out.push({
        seq: ack.seq,
        entityId: e.entityId,
        timestamp: e.timestamp,
        payload: JSON.parse(texts[i] as string),
      });
    }
    return out;
  }

  async readAggregate<P = unknown>(entityId: string): Promise<StoredEvent<P>[]> {
    const subject = this.subject(entityId);
    return (await this.guard('readAggregate', false, () => this.readSubject(subject))) as StoredEvent<P>[];
  }

  async readAll<P = unknown>(options: ReadAllOptions = {}): Promise<StoredEvent<P>[]> {
    const events = await this.guard('readAll', false, () => this.readSubject(`${this.prefix}.>`));
    return events.filter((e) => matches(e, options)).sort(byTimeThenSeq) as StoredEvent<P>[];
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.close();
  }

  /** Retries transient failures; then a StoreUnavailableError (`partial`: earlier events were stored). */
  private async guard<T>(operation: string, partial: boolean, op: () => Promise<T>): Promise<T> {
    if (this.nc.isClosed()) throw new EventStoreError(`NATS event store is closed (${operation})`);
    try {
      return await withRetry(op, (e) => !this.nc.isClosed() && isTransientNatsError(e), this.policy);
    } catch (e) {
      const store = 'NATS event store';
      const what = partial ? `${operation} (earlier events of this batch were stored)` : operation;
      if (e instanceof RetriesExhausted) {
        // a publish that timed out may have been stored without its ack reaching us
        const unknown =
          partial || (operation === 'append' && (e.last as { code?: string })?.code === 'TIMEOUT');
        throw new StoreUnavailableError(store, what, e.attempts, unknown, { cause: e.last });
      }
      if (isTransientNatsError(e)) throw new StoreUnavailableError(store, what, 1, partial, { cause: e });
      throw e;
    }
  }

  private subject(entityId: string): string {
    return `${this.prefix}.${subjectToken(entityId)}`;
  }

  private async readSubject(subject: string): Promise<StoredEvent[]> {
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: subject });
    const count = subject.endsWith('>') ? info.state.messages : (info.state.subjects?.[subject] ?? 0);
    if (count === 0) return [];
    const consumer = await this.js.consumers.get(this.stream, { filterSubjects: subject });
    const out: StoredEvent[] = [];
    try {
      while (true) {
        const batch = await consumer.fetch({ max_messages: Math.max(1, count - out.length), expires: 5000 });
        let pending = 1;
        let got = 0;
        for await (const m of batch) {
          got++;
          const b = JSON.parse(this.decoder.decode(m.data)) as Body;
          out.push({ seq: m.seq, entityId: b.entityId, timestamp: b.timestamp, payload: b.payload });
          pending = m.info.pending;
          if (pending === 0) break;
        }
        if (pending === 0 || got === 0) break;
      }
      // A fetch that ends early (connection lost) must not pass for the whole history.
      if (out.length < count) throw new IncompleteRead(`read ${out.length} of ${count} events of ${subject}`);
    } finally {
      await consumer.delete().catch(() => {});
    }
    return out;
  }
}
