/**
 * The distributed repository on PostgreSQL: both stores are tables of one schema; `save` is a single
 * `DELETE ... RETURNING` feeding an `INSERT` (one statement, one transaction). Triggers make the
 * permanent table reject UPDATE, DELETE and TRUNCATE.
 */
import { NotFoundError } from '../../core/errors.js';
import { openPgPool, type PgPool, pgIdent } from '../../eventsourcing/postgres-connection.js';
import { DuplicateRecordError, ImmutableRecordError } from '../errors.js';
import { checkPatch, checkRecord } from './check.js';
import {
  type ExperimentRecord,
  type ExperimentRepository,
  indexFields,
  type RecordFilter,
  type RecordPatch,
  type RecordStore,
  type StoreName,
} from './types.js';

interface Row {
  id: string;
  created_at: string;
  status: string;
  train_data: string;
  eval_data: string;
}

export interface PostgresRepositoryOptions {
  readonly connectionString: string;
  /** Schema (default `public`), created when missing. */
  readonly schema?: string;
}

const COLS = 'id, created_at, status, dataset_name, model_name, train_data, eval_data';

export async function openPostgresRepository(
  options: PostgresRepositoryOptions,
): Promise<ExperimentRepository> {
  const schema = pgIdent(options.schema ?? 'public');
  const tables: Record<StoreName, string> = {
    session: `${schema}.${pgIdent('autolearn_session')}`,
    permanent: `${schema}.${pgIdent('autolearn_permanent')}`,
  };
  const pool = await openPgPool(options.connectionString);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const t of Object.values(tables)) {
      await pool.query(`CREATE TABLE IF NOT EXISTS ${t} (
        id TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        status TEXT NOT NULL,
        dataset_name TEXT,
        model_name TEXT,
        train_data TEXT NOT NULL,
        eval_data TEXT NOT NULL
      )`);
    }
    const fn = `${schema}.${pgIdent('autolearn_permanent_reject')}`;
    await pool.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'permanent experiments are immutable: % rejected', TG_OP; END $$`);
    await pool.query(
      `CREATE OR REPLACE TRIGGER autolearn_permanent_no_change BEFORE UPDATE OR DELETE ON ${tables.permanent} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    await pool.query(
      `CREATE OR REPLACE TRIGGER autolearn_permanent_no_truncate BEFORE TRUNCATE ON ${tables.permanent} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  } catch (e) {
    await pool.end();
    throw e;
  }
  return new PostgresRepository(pool, tables);
}

class PostgresRepository implements ExperimentRepository {
  readonly kind = 'postgres';
  readonly session: RecordStore;
  readonly permanent: RecordStore;

  constructor(
    private readonly pool: PgPool,
    private readonly tables: Record<StoreName, string>,
  ) {
    this.session = new PgStore(pool, 'session', tables, (id) => this.locate(id));
    this.permanent = new PgStore(pool, 'permanent', tables, (id) => this.locate(id));
  }

  async save(id: string): Promise<ExperimentRecord> {
    const r = await this.pool.query<Row>(
      `WITH moved AS (DELETE FROM ${this.tables.session} WHERE id = $1 RETURNING *)
       INSERT INTO ${this.tables.permanent} (${COLS})
       SELECT id, created_at, 'saved', dataset_name, model_name, train_data, eval_data FROM moved
       RETURNING *`,
      [id],
    );
    const row = r.rows[0];
    if (!row) throw new NotFoundError('session record', id);
    return toRecord(row);
  }

  async locate(id: string): Promise<StoreName | null> {
    const r = await this.pool.query<{ store: StoreName }>(
      `SELECT 'session' AS store FROM ${this.tables.session} WHERE id = $1
       UNION ALL SELECT 'permanent' AS store FROM ${this.tables.permanent} WHERE id = $1`,
      [id],
    );
    return r.rows[0]?.store ?? null;
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

class PgStore implements RecordStore {
  private readonly table: string;
  constructor(
    private readonly pool: PgPool,
    readonly name: StoreName,
    private readonly tables: Record<StoreName, string>,
    private readonly locate: (id: string) => Promise<StoreName | null>,
  ) {
    this.table = tables[name];
  }

  async get(id: string): Promise<ExperimentRecord | null> {
    const r = await this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE id = $1`, [id]);
    return r.rows[0] ? toRecord(r.rows[0]) : null;
  }

  async list(filter: RecordFilter = {}): Promise<ExperimentRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, v: string | number) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (filter.dataset !== undefined) add('dataset_name = ?', filter.dataset);
    if (filter.model !== undefined) add('model_name = ?', filter.model);
    if (filter.from !== undefined) add('created_at >= ?', filter.from);
    if (filter.to !== undefined) add('created_at <= ?', filter.to);
    if (filter.status !== undefined) add('status = ?', filter.status);
    const sql = `SELECT * FROM ${this.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id${
      filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : ''
    }`;
    return (await this.pool.query<Row>(sql, args)).rows.map(toRecord);
  }

  async insert(record: ExperimentRecord): Promise<void> {
    checkRecord(record);
    const f = indexFields(record);
    const other = this.tables[this.name === 'session' ? 'permanent' : 'session'];
    // One statement: insert only when the id is in neither table (the PK covers this table).
    const r = await this.pool
      .query(
        `INSERT INTO ${this.table} (${COLS})
         SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM ${other} WHERE id = $1)`,
        [
          record.id,
          record.created_at,
          record.status,
          f.dataset,
          f.model,
          JSON.stringify(record.train_data),
          JSON.stringify(record.eval_data),
        ],
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
    const sets: string[] = [];
    const args: string[] = [];
    if (patch.eval_data !== undefined)
      args.push(JSON.stringify(patch.eval_data)) && sets.push(`eval_data = $${args.length}`);
    if (patch.status !== undefined) args.push(patch.status) && sets.push(`status = $${args.length}`);
    args.push(id);
    const r = await this.pool.query<Row>(
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
      (await this.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${this.table}`)).rows[0]?.n ?? 0,
    );
  }
}

function toRecord(r: Row): ExperimentRecord {
  return {
    id: r.id,
    created_at: Number(r.created_at),
    status: r.status as ExperimentRecord['status'],
    train_data: JSON.parse(r.train_data),
    eval_data: JSON.parse(r.eval_data),
  };
}
