/**
 * EventStore on NATS JetStream: one stream, one subject per aggregate (`<prefix>.<aggregate>`).
 * The stream sequence orders events; `readAll` merges every subject by timestamp, then sequence.
 */
import type { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { importOptional } from '../core/optional-dependency.js';
import { EventStoreError } from './errors.js';
import type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';
import { asArray, byTimeThenSeq, checkEvent, matches } from './validate.js';

export interface NatsEventStoreOptions {
  /** e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string | string[];
  /** Stream name (default `AUTOLEARN_EVENTS`). */
  readonly stream?: string;
  /** Subject prefix (default `autolearn.events`). */
  readonly subjectPrefix?: string;
  /** Connection timeout in ms (default 3000). */
  readonly timeoutMs?: number;
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
  const nc = await nats.connect({ servers, timeout: options.timeoutMs ?? 3000 });
  try {
    const jsm = await nc.jetstreamManager();
    try {
      await jsm.streams.info(stream);
    } catch {
      await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
    }
    return new NatsEventStore(nc, jsm, nc.jetstream(), stream, prefix);
  } catch (e) {
    await nc.close();
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
  ) {}

  async append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]> {
    const list = asArray(events);
    const texts = list.map((e) => checkEvent(e));
    const out: StoredEvent<P>[] = [];
    // Sequential publishes: each ack's stream sequence is larger than the previous one's.
    for (let i = 0; i < list.length; i++) {
      const e = list[i] as DomainEvent<P>;
      const body = `{"entityId":${JSON.stringify(e.entityId)},"timestamp":${e.timestamp},"payload":${texts[i]}}`;
      const ack = await this.js.publish(this.subject(e.entityId), this.encoder.encode(body));
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
    return (await this.readSubject(this.subject(entityId))) as StoredEvent<P>[];
  }

  async readAll<P = unknown>(options: ReadAllOptions = {}): Promise<StoredEvent<P>[]> {
    const events = await this.readSubject(`${this.prefix}.>`);
    return events.filter((e) => matches(e, options)).sort(byTimeThenSeq) as StoredEvent<P>[];
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.close();
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
    } finally {
      await consumer.delete().catch(() => {});
    }
    return out;
  }
}
