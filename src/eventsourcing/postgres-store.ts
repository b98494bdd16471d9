import { openPgPool, type PgPool, pgIdent } from './postgres-connection.js';
import type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';
import { asArray, checkEvent } from './validate.js';

export interface PostgresEventStoreOptions {
  /** e.g. `postgres://postgres@127.0.0.1:5432/test`. */
  readonly connectionString: string;
  /** Schema holding the table (default `public`); created when missing. */
  readonly schema?: string;
  /** Table name (default `autolearn_events`). */
  readonly table?: string;
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
  const pool = await openPgPool(options.connectionString);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await pool.query(`
      CREATE TABLE IF NOT EXISTS ${table} (
        seq BIGSERIAL PRIMARY KEY,
        entity_id TEXT NOT NULL,
        ts BIGINT NOT NULL,
        payload TEXT NOT NULL
      )`);
    await pool.query(`CREATE INDEX IF NOT EXISTS ${pgIdent(`${name}_entity`)} ON ${table} (entity_id, seq)`);
    await pool.query(`CREATE INDEX IF NOT EXISTS ${pgIdent(`${name}_time`)} ON ${table} (ts, seq)`);
    await pool.query(`
      CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'autolearn events are append-only: % rejected', TG_OP; END $$`);
    await pool.query(
      `CREATE OR REPLACE TRIGGER ${pgIdent(`${name}_no_change`)} BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    await pool.query(
      `CREATE OR REPLACE TRIGGER ${pgIdent(`${name}_no_truncate`)} BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  } catch (e) {
    await pool.end();
    throw e;
  }
  return new PostgresEventStore(pool, table);
}

class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  constructor(
    private readonly pool: PgPool,
    private readonly table: string,
  ) {}

  async append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]> {
    const list = asArray(events);
    const texts = list.map((e) => checkEvent(e));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out: StoredEvent<P>[] = [];
      for (let i = 0; i < list.length; i++) {
        const e = list[i] as DomainEvent<P>;
        const text = texts[i] as string;
        const r = await client.query<{ seq: string }>(
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
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async readAggregate<P = unknown>(entityId: string): Promise<StoredEvent<P>[]> {
    const r = await this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE entity_id = $1 ORDER BY seq`, [
      entityId,
    ]);
    return r.rows.map(toEvent) as StoredEvent<P>[];
  }

  async readAll<P = unknown>(options: ReadAllOptions = {}): Promise<StoredEvent<P>[]> {
    const r = await this.pool.query<Row>(
      `SELECT * FROM ${this.table} WHERE ts >= $1 AND ts <= $2 AND ($3::text[] IS NULL OR entity_id = ANY($3)) ORDER BY ts, seq`,
      [
        options.from ?? 0,
        options.to ?? Number.MAX_SAFE_INTEGER,
        options.entityIds ? [...options.entityIds] : null,
      ],
    );
    return r.rows.map(toEvent) as StoredEvent<P>[];
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
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
