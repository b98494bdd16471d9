import { EventStoreError } from './errors.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-connection.js';
import type { DomainEvent, EventStore, ReadAllOptions, StoredEvent } from './types.js';
import { asArray, checkEvent } from './validate.js';

export interface SqliteEventStoreOptions {
  /** Database file (`:memory:` for a throw-away store). */
  readonly file: string;
  /** Table name (default `autolearn_events`). */
  readonly table?: string;
}

interface Row {
  seq: number;
  entity_id: string;
  ts: number;
  payload: string;
}

/**
 * EventStore on SQLite: one append-only table whose triggers reject every UPDATE and DELETE, so
 * history cannot be rewritten even through raw SQL.
 */
export async function openSqliteEventStore(options: SqliteEventStoreOptions): Promise<EventStore> {
  const table = options.table ?? 'autolearn_events';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new EventStoreError(`invalid table name '${table}'`);
  const db = await openSqliteDatabase(options.file);
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${table} (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      entity_id TEXT NOT NULL,
      ts INTEGER NOT NULL,
      payload TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${table}_entity ON ${table} (entity_id, seq);
    CREATE INDEX IF NOT EXISTS ${table}_time ON ${table} (ts, seq);
    CREATE TRIGGER IF NOT EXISTS ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, 'autolearn events are append-only: UPDATE rejected'); END;
    CREATE TRIGGER IF NOT EXISTS ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, 'autolearn events are append-only: DELETE rejected'); END;
  `);
  return new SqliteEventStore(db, table);
}

class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly insert;
  private readonly byEntity;
  private readonly all;
  private readonly appendMany;

  constructor(
    private readonly db: SqliteDatabase,
    table: string,
  ) {
    this.insert = db.prepare<[string, number, string], Row>(
      `INSERT INTO ${table} (entity_id, ts, payload) VALUES (?, ?, ?) RETURNING seq`,
    );
    this.byEntity = db.prepare<[string], Row>(`SELECT * FROM ${table} WHERE entity_id = ? ORDER BY seq`);
    this.all = db.prepare<[number, number], Row>(
      `SELECT * FROM ${table} WHERE ts >= ? AND ts <= ? ORDER BY ts, seq`,
    );
    this.appendMany = db.transaction((list: readonly DomainEvent<unknown>[], texts: readonly string[]) =>
      list.map((e, i) => {
        const row = this.insert.get(e.entityId, e.timestamp, texts[i] as string) as Row;
        return {
          seq: row.seq,
          entityId: e.entityId,
          timestamp: e.timestamp,
          payload: JSON.parse(texts[i] as string),
        };
      }),
    );
  }

  async append<P>(events: DomainEvent<P> | readonly DomainEvent<P>[]): Promise<StoredEvent<P>[]> {
    const list = asArray(events);
    const texts = list.map((e) => checkEvent(e));
    return this.appendMany(list, texts) as StoredEvent<P>[];
  }

  async readAggregate<P = unknown>(entityId: string): Promise<StoredEvent<P>[]> {
    return this.byEntity.all(entityId).map(toEvent) as StoredEvent<P>[];
  }

  async readAll<P = unknown>(options: ReadAllOptions = {}): Promise<StoredEvent<P>[]> {
    const rows = this.all.all(options.from ?? 0, options.to ?? Number.MAX_SAFE_INTEGER);
    const ids = options.entityIds;
    return (ids ? rows.filter((r) => ids.includes(r.entity_id)) : rows).map(toEvent) as StoredEvent<P>[];
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toEvent(r: Row): StoredEvent {
  return { seq: r.seq, entityId: r.entity_id, timestamp: r.ts, payload: JSON.parse(r.payload) };
}
