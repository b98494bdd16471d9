import { openPgDatabase, type PgDatabase, pgIdent } from './postgres-connection.js';
import type { RetryPolicy } from './retry.js';
import type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';
import { asArray, checkEvent } from './validate.js';

export interface PostgresEventStoreOptions {
  /** e.g. `postgres://postgres@127.0.0.1:5432/test`. */
  readonly connectionString: string;
  /** Schema holding the table (default `public`); created when missing. */
  readonly schema?: string;
  /** Table name (default `autolearn_events`). */
  readonly table?: string;
  /** Retries of transient connection failures (default 6 attempts, 50 ms doubling to 1 s). */
  readonly retry?: RetryPolicy;
}

interface Row {
  seq: string;
  entity_id: string;
  ts: string;
  payload: string;
}

/** EventStore on PostgreSQL: append-only table; triggers reject UPDATE, DELETE and TRUNCATE. */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<EventStore> {
  const schema = pgIdent(options.schema ?? 'public');
  const name = options.table ?? 'autolearn_events';
  const table = `${schema}.${pgIdent(name)}`;
  const fn = `${schema}.${pgIdent(`${name}_reject`)}`;
  const db = await openPgDatabase(options.connectionString, 'PostgreSQL event store', {
    retry: options.retry,
  });
  const ddl = (sql: string) => db.query('open', sql);
  try {
    await ddl(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await ddl(`
      CREATE TABLE IF NOT EXISTS ${table} (
        seq BIGSERIAL PRIMARY KEY,
        entity_id TEXT NOT NULL,
        ts BIGINT NOT NULL,
        payload TEXT NOT NULL
      )`);
    await ddl(`CREATE INDEX IF NOT EXISTS ${pgIdent(`${name}_entity`)} ON ${table} (entity_id, seq)`);
    await ddl(`CREATE INDEX IF NOT EXISTS ${pgIdent(`${name}_time`)} ON ${table} (ts, seq)`);
    await ddl(`
      CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'autolearn events are append-only: % rejected', TG_OP; END $$`);
    await ddl(
      `CREATE OR REPLACE TRIGGER ${pgIdent(`${name}_no_change`)} BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    await ddl(
      `CREATE OR REPLACE TRIGGER ${pgIdent(`${name}_no_truncate`)} BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  } catch (e) {
    await db.end();
    throw e;
  }
  return new PostgresEventStore(db, table);
}

class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  constructor(
    private readonly db: PgDatabase,
    private readonly table: string,
  ) {}

  async append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]> {
    const list = asArray(events);
    const texts = list.map((e) => checkEvent(e));
    // One transaction: a connection lost before COMMIT is retried (nothing was stored).
    return this.db.transaction('append', async (q) => {
      const out: StoredEvent<P>[] = [];
      for (let i = 0; i < list.length; i++) {
        const e = list[i] as DomainEvent<P>;
        const text = texts[i] as string;
        const r = await q<{ seq: string }>(
          `INSERT INTO ${this.table} (entity_id, ts, payload) VALUES ($1, $2, $3) RETURNING seq`,
          [e.entityId, e.timestamp, text],
        );
        out.push({
          seq: Number(r.rows[0]?.seq),
          entityId: e.entityId,
          timestamp: e.timestamp,
          payload: JSON.parse(text),
        });
      }
      return out;
    });
  }

  async readAggregate<P = unknown>(entityId: string): Promise<StoredEvent<P>[]> {
    const r = await this.db.query<Row>(
      'readAggregate',
      `SELECT * FROM ${this.table} WHERE entity_id = $1 ORDER BY seq`,
      [entityId],
    );
    return r.rows.map(toEvent) as StoredEvent<P>[];
  }

  async readAll<P = unknown>(options: ReadAllOptions = {}): Promise<StoredEvent<P>[]> {
    const r = await this.db.query<Row>(
      'readAll',
      `SELECT * FROM ${this.table} WHERE ts >= $1 AND ts <= $2 AND ($3::text[] IS NULL OR entity_id = ANY($3)) ORDER BY ts, seq`,
      [
        options.from ?? 0,
        options.to ?? Number.MAX_SAFE_INTEGER,
        options.entityIds ? [...options.entityIds] : null,
      ],
    );
    return r.rows.map(toEvent) as StoredEvent<P>[];
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}

function toEvent(r: Row): StoredEvent {
  return {
    seq: Number(r.seq),
    entityId: r.entity_id,
    timestamp: Number(r.ts),
    payload: JSON.parse(r.payload),
  };
}
