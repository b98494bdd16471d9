/**
 * The embedded repository: both stores are tables of one SQLite file (WAL), so `save` is one local
 * transaction. Triggers make the permanent table reject UPDATE and DELETE even through raw SQL.
 */
import { NotFoundError } from '../../core/errors.js';
import { openSqliteDatabase, type SqliteDatabase } from '../../eventsourcing/sqlite-connection.js';
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

const sqlite: Placeholder = () => '?';

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
        eval_data TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '${DEFAULT_OWNER}'
      );
      CREATE INDEX IF NOT EXISTS ${t}_created ON ${t} (created_at, id);`);
    addOwnerColumn(db, t);
  }
  const p = TABLES.permanent;
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS ${p}_no_update BEFORE UPDATE ON ${p}
      BEGIN SELECT RAISE(ABORT, 'permanent experiments are immutable: UPDATE rejected'); END;
    CREATE TRIGGER IF NOT EXISTS ${p}_no_delete BEFORE DELETE ON ${p}
      BEGIN SELECT RAISE(ABORT, 'permanent experiments are immutable: DELETE rejected'); END;`);
  return new SqliteRepository(db);
}

/** Migration of files made before accounts: their records belong to the bootstrap admin. */
function addOwnerColumn(db: SqliteDatabase, table: string): void {
  const cols = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
  if (!cols.some((c) => c.name === 'owner')) {
    db.exec(`ALTER TABLE ${table} ADD COLUMN owner TEXT NOT NULL DEFAULT '${DEFAULT_OWNER}'`);
  }
  db.exec(`CREATE INDEX IF NOT EXISTS ${table}_owner ON ${table} (owner, created_at, id)`);
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
      `INSERT INTO ${p} (${RECORD_COLUMNS})
       SELECT id, created_at, 'saved', dataset_name, model_name, train_data, eval_data, owner FROM ${s} WHERE id = ?`,
    );
    const remove = db.prepare(`DELETE FROM ${s} WHERE id = ?`);
    const read = db.prepare<[string], RecordRow>(`SELECT * FROM ${p} WHERE id = ?`);
    this.moveTx = db.transaction((id: string): RecordRow => {
      if (copy.run(id).changes !== 1) {
        throw new NotFoundError('session record', id);
      }
      remove.run(id);
      return read.get(id) as RecordRow;
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
    const ins = db.prepare(`INSERT INTO ${this.table} (${RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertTx = db.transaction((r: ExperimentRecord) => {
      const where = exists(r.id);
      if (where) throw new DuplicateRecordError(r.id, where);
      ins.run(...recordValues(r));
    });
  }

  async get(id: string): Promise<ExperimentRecord | null> {
    const row = this.db.prepare<[string], RecordRow>(`SELECT * FROM ${this.table} WHERE id = ?`).get(id);
    return row ? toRecord(row) : null;
  }

  async list(filter: RecordFilter = {}): Promise<ExperimentRecord[]> {
    const { sql, args } = listQuery(this.table, filter, sqlite);
    return this.db
      .prepare<unknown[], RecordRow>(sql)
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
    const { sets, args } = patchSets(patch, sqlite);
    // One conditional statement: it changes the row only while it is still in the session table
    // and returns what it wrote, so a save by another connection in between is a typed conflict
    // (ImmutableRecordError), never a lost or half-reported update.
    const row = sets.length
      ? this.db
          .prepare<unknown[], RecordRow>(
            `UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = ? RETURNING *`,
          )
          .get(...args, id)
      : this.db.prepare<[string], RecordRow>(`SELECT * FROM ${this.table} WHERE id = ?`).get(id);
    if (!row) this.missing(id);
    return toRecord(row as RecordRow);
  }

  private missing(id: string): never {
    if (this.exists(id) === 'permanent') throw new ImmutableRecordError(id, 'update');
    throw new NotFoundError('session record', id);
  }

  async count(): Promise<number> {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${this.table}`).get() as { n: number }).n;
  }
}
