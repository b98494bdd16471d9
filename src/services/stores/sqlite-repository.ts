/**
 * The embedded repository: both stores are tables of one SQLite file (WAL), so `save` is one local
 * transaction. Triggers make the permanent table reject UPDATE and DELETE even through raw SQL.
 */
import { NotFoundError } from '../../core/errors.js';
import { openSqliteDatabase, type SqliteDatabase } from '../../eventsourcing/sqlite-connection.js';
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
  created_at: number;
  status: string;
  train_data: string;
  eval_data: string;
}

const TABLES: Record<StoreName, string> = { session: 'autolearn_session', permanent: 'autolearn_permanent' };

export async function openSqliteRepository(file: string): Promise<ExperimentRepository> {
  const db = await openSqliteDatabase(file);
  for (const t of Object.values(TABLES)) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t} (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        dataset_name TEXT,
        model_name TEXT,
        train_data TEXT NOT NULL,
        eval_data TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${t}_created ON ${t} (created_at, id);`);
  }
  const p = TABLES.permanent;
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS ${p}_no_update BEFORE UPDATE ON ${p}
      BEGIN SELECT RAISE(ABORT, 'permanent experiments are immutable: UPDATE rejected'); END;
    CREATE TRIGGER IF NOT EXISTS ${p}_no_delete BEFORE DELETE ON ${p}
      BEGIN SELECT RAISE(ABORT, 'permanent experiments are immutable: DELETE rejected'); END;`);
  return new SqliteRepository(db);
}

class SqliteRepository implements ExperimentRepository {
  readonly kind = 'sqlite';
  readonly session: RecordStore;
  readonly permanent: RecordStore;
  private readonly moveTx;
  private readonly where;

  constructor(private readonly db: SqliteDatabase) {
    this.where = db.prepare(
      `SELECT 'session' AS store FROM ${TABLES.session} WHERE id = ? UNION ALL SELECT 'permanent' AS store FROM ${TABLES.permanent} WHERE id = ?`,
    );
    const exists = (id: string): StoreName | null => this.locateSync(id);
    this.session = new SqliteStore(db, 'session', exists);
    this.permanent = new SqliteStore(db, 'permanent', exists);
    const s = TABLES.session;
    const p = TABLES.permanent;
    const copy = db.prepare(
      `INSERT INTO ${p} (id, created_at, status, dataset_name, model_name, train_data, eval_data)
       SELECT id, created_at, 'saved', dataset_name, model_name, train_data, eval_data FROM ${s} WHERE id = ?`,
    );
    const remove = db.prepare(`DELETE FROM ${s} WHERE id = ?`);
    const read = db.prepare<[string], Row>(`SELECT * FROM ${p} WHERE id = ?`);
    this.moveTx = db.transaction((id: string): Row => {
      if (copy.run(id).changes !== 1) {
        throw new NotFoundError('session record', id);
      }
      remove.run(id);
      return read.get(id) as Row;
    });
  }

  async save(id: string): Promise<ExperimentRecord> {
    return toRecord(this.moveTx.immediate(id));
  }

  async locate(id: string): Promise<StoreName | null> {
    return this.locateSync(id);
  }

  private locateSync(id: string): StoreName | null {
    return (this.where.get(id, id) as { store: StoreName } | undefined)?.store ?? null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

class SqliteStore implements RecordStore {
  private readonly table: string;
  private readonly insertTx;

  constructor(
    private readonly db: SqliteDatabase,
    readonly name: StoreName,
    private readonly exists: (id: string) => StoreName | null,
  ) {
    this.table = TABLES[name];
    const ins = db.prepare(
      `INSERT INTO ${this.table} (id, created_at, status, dataset_name, model_name, train_data, eval_data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertTx = db.transaction((r: ExperimentRecord) => {
      const where = exists(r.id);
      if (where) throw new DuplicateRecordError(r.id, where);
      const f = indexFields(r);
      ins.run(
        r.id,
        r.created_at,
        r.status,
        f.dataset,
        f.model,
        JSON.stringify(r.train_data),
        JSON.stringify(r.eval_data),
      );
    });
  }

  async get(id: string): Promise<ExperimentRecord | null> {
    const row = this.db.prepare<[string], Row>(`SELECT * FROM ${this.table} WHERE id = ?`).get(id);
    return row ? toRecord(row) : null;
  }

  async list(filter: RecordFilter = {}): Promise<ExperimentRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.dataset !== undefined) where.push('dataset_name = ?') && args.push(filter.dataset);
    if (filter.model !== undefined) where.push('model_name = ?') && args.push(filter.model);
    if (filter.from !== undefined) where.push('created_at >= ?') && args.push(filter.from);
    if (filter.to !== undefined) where.push('created_at <= ?') && args.push(filter.to);
    if (filter.status !== undefined) where.push('status = ?') && args.push(filter.status);
    const sql = `SELECT * FROM ${this.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id${
      filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : ''
    }`;
    return this.db
      .prepare<unknown[], Row>(sql)
      .all(...args)
      .map(toRecord);
  }

  async insert(record: ExperimentRecord): Promise<void> {
    checkRecord(record);
    this.insertTx.immediate(record);
  }

  async update(id: string, patch: RecordPatch): Promise<ExperimentRecord> {
    if (this.name === 'permanent') throw new ImmutableRecordError(id, 'update');
    checkPatch(patch);
    const sets: string[] = [];
    const args: string[] = [];
    if (patch.eval_data !== undefined)
      sets.push('eval_data = ?') && args.push(JSON.stringify(patch.eval_data));
    if (patch.status !== undefined) sets.push('status = ?') && args.push(patch.status);
    if (sets.length) {
      const r = this.db.prepare(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
      if (r.changes === 0) this.missing(id);
    }
    const rec = await this.get(id);
    if (!rec) this.missing(id);
    return rec as ExperimentRecord;
  }

  private missing(id: string): never {
    if (this.exists(id) === 'permanent') throw new ImmutableRecordError(id, 'update');
    throw new NotFoundError('session record', id);
  }

  async count(): Promise<number> {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${this.table}`).get() as { n: number }).n;
  }
}

function toRecord(r: Row): ExperimentRecord {
  return {
    id: r.id,
    created_at: r.created_at,
    status: r.status as ExperimentRecord['status'],
    train_data: JSON.parse(r.train_data),
    eval_data: JSON.parse(r.eval_data),
  };
}
