/**
 * The distributed repository on PostgreSQL: both stores are tables of one schema; `save` is a single
 * `DELETE ... RETURNING` feeding an `INSERT` (one statement, one transaction). Triggers make the
 * permanent table reject UPDATE, DELETE and TRUNCATE.
 */
import { NotFoundError } from '../../core/errors.js';
import { openPgDatabase, type PgDatabase, pgIdent } from '../../eventsourcing/postgres-connection.js';
import type { RetryPolicy } from '../../eventsourcing/retry.js';
import { DuplicateRecordError, ImmutableRecordError } from '../errors.js';
import { checkPatch, checkRecord } from './check.js';
import {
  DEFAULT_OWNER,
  listQuery,
  type Placeholder,
  patchSets,
  RECORD_COLUMNS,
  type RecordRow,
  recordValues,
  toRecord,
} from './sql.js';
import type {
  ExperimentRecord,
  ExperimentRepository,
  RecordFilter,
  RecordPatch,
  RecordStore,
  StoreName,
} from './types.js';

export interface PostgresRepositoryOptions {
  readonly connectionString: string;
  /** Schema (default `public`), created when missing. */
  readonly schema?: string;
  /** Retries of transient connection failures (default 6 attempts, 50 ms doubling to 1 s). */
  readonly retry?: RetryPolicy;
}

const pg: Placeholder = (i) => `$${i}`;

export async function openPostgresRepository(
  options: PostgresRepositoryOptions,
): Promise<ExperimentRepository> {
  const schema = pgIdent(options.schema ?? 'public');
  const tables: Record<StoreName, string> = {
    session: `${schema}.${pgIdent('autolearn_session')}`,
    permanent: `${schema}.${pgIdent('autolearn_permanent')}`,
  };
  const db = await openPgDatabase(options.connectionString, 'PostgreSQL experiment store', {
    retry: options.retry,
  });
  const ddl = (sql: string) => db.query('open', sql);
  try {
    await ddl(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const [name, t] of Object.entries(tables)) {
      await ddl(`CREATE TABLE IF NOT EXISTS ${t} (
        id TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        status TEXT NOT NULL,
        dataset_name TEXT,
        model_name TEXT,
        train_data TEXT NOT NULL,
        eval_data TEXT NOT NULL
      )`);
      // migration of tables made before accounts: their records belong to the bootstrap admin
      const has = await db.query(
        'open',
        `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'owner'`,
        [options.schema ?? 'public', `autolearn_${name}`],
      );
      if (has.rowCount === 0) {
        await ddl(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS owner TEXT NOT NULL DEFAULT '${DEFAULT_OWNER}'`);
      }
      await ddl(
        `CREATE INDEX IF NOT EXISTS ${pgIdent(`autolearn_${name}_owner`)} ON ${t} (owner, created_at, id)`,
      );
    }
    const fn = `${schema}.${pgIdent('autolearn_permanent_reject')}`;
    await ddl(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'permanent experiments are immutable: % rejected', TG_OP; END $$`);
    await ddl(
      `CREATE OR REPLACE TRIGGER autolearn_permanent_no_change BEFORE UPDATE OR DELETE ON ${tables.permanent} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    await ddl(
      `CREATE OR REPLACE TRIGGER autolearn_permanent_no_truncate BEFORE TRUNCATE ON ${tables.permanent} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  } catch (e) {
    await db.end();
    throw e;
  }
  return new PostgresRepository(db, tables);
}

class PostgresRepository implements ExperimentRepository {
  readonly kind = 'postgres';
  readonly session: RecordStore;
  readonly permanent: RecordStore;

  constructor(
    private readonly db: PgDatabase,
    private readonly tables: Record<StoreName, string>,
  ) {
    this.session = new PgStore(db, 'session', tables, (id) => this.locate(id));
    this.permanent = new PgStore(db, 'permanent', tables, (id) => this.locate(id));
  }

  async save(id: string): Promise<ExperimentRecord> {
    // In a transaction so that a connection lost before COMMIT is retried safely.
    const r = await this.db.transaction('save', (q) =>
      q<RecordRow>(
        `WITH moved AS (DELETE FROM ${this.tables.session} WHERE id = $1 RETURNING *)
       INSERT INTO ${this.tables.permanent} (${RECORD_COLUMNS})
       SELECT id, created_at, 'saved', dataset_name, model_name, train_data, eval_data, owner FROM moved
       RETURNING *`,
        [id],
      ),
    );
    const row = r.rows[0];
    if (!row) throw new NotFoundError('session record', id);
    return toRecord(row);
  }

  async locate(id: string): Promise<StoreName | null> {
    const r = await this.db.query<{ store: StoreName }>(
      'locate',
      `SELECT 'session' AS store FROM ${this.tables.session} WHERE id = $1
       UNION ALL SELECT 'permanent' AS store FROM ${this.tables.permanent} WHERE id = $1`,
      [id],
    );
    return r.rows[0]?.store ?? null;
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}

class PgStore implements RecordStore {
  private readonly table: string;
  constructor(
    private readonly db: PgDatabase,
    readonly name: StoreName,
    private readonly tables: Record<StoreName, string>,
    private readonly locate: (id: string) => Promise<StoreName | null>,
  ) {
    this.table = tables[name];
  }

  async get(id: string): Promise<ExperimentRecord | null> {
    const r = await this.db.query<RecordRow>('get', `SELECT * FROM ${this.table} WHERE id = $1`, [id]);
    return r.rows[0] ? toRecord(r.rows[0]) : null;
  }

  async list(filter: RecordFilter = {}): Promise<ExperimentRecord[]> {
    const { sql, args } = listQuery(this.table, filter, pg);
    return (await this.db.query<RecordRow>('list', sql, args)).rows.map(toRecord);
  }

  async insert(record: ExperimentRecord): Promise<void> {
    checkRecord(record);
    const other = this.tables[this.name === 'session' ? 'permanent' : 'session'];
    // One statement: insert only when the id is in neither table (the PK covers this table).
    // In a transaction so that a connection lost before COMMIT is retried safely.
    const r = await this.db
      .transaction('insert', (q) =>
        q(
          `INSERT INTO ${this.table} (${RECORD_COLUMNS})
           SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE NOT EXISTS (SELECT 1 FROM ${other} WHERE id = $1)`,
          recordValues(record),
        ),
      )
      .catch((e: { code?: string }) => {
        if (e.code === '23505') throw new DuplicateRecordError(record.id, this.name);
        throw e;
      });
    if (r.rowCount === 0)
      throw new DuplicateRecordError(record.id, this.name === 'session' ? 'permanent' : 'session');
  }

  async update(id: string, patch: RecordPatch): Promise<ExperimentRecord> {
    if (this.name === 'permanent') throw new ImmutableRecordError(id, 'update');
    checkPatch(patch);
    const { sets, args } = patchSets(patch, pg);
    args.push(id);
    // Setting fixed values is idempotent, so a lost connection is retried.
    const r = await this.db.query<RecordRow>(
      'update',
      sets.length
        ? `UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = $${args.length} RETURNING *`
        : `SELECT * FROM ${this.table} WHERE id = $1`,
      args,
    );
    const row = r.rows[0];
    if (!row) {
      if ((await this.locate(id)) === 'permanent') throw new ImmutableRecordError(id, 'update');
      throw new NotFoundError('session record', id);
    }
    return toRecord(row);
  }

  async count(): Promise<number> {
    return Number(
      (await this.db.query<{ n: string }>('count', `SELECT COUNT(*) AS n FROM ${this.table}`)).rows[0]?.n ??
        0,
    );
  }
}
