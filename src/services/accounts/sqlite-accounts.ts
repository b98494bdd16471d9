/** The users table in the embedded SQLite file (the platform's `<dataDir>/autolearn.db`). */
import { openSqliteDatabase } from '../../eventsourcing/sqlite-connection.js';
import {
  TableAccountStore,
  USERS_TABLE_COLUMNS,
  type UserRow,
  type UserTable,
  userValues,
} from './account-store.js';
import type { AccountStore } from './types.js';

const T = 'autolearn_users';

export async function openSqliteAccountStore(file: string, clock?: () => number): Promise<AccountStore> {
  const db = await openSqliteDatabase(file);
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${T} (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
      key_id TEXT NOT NULL UNIQUE,
      key_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
    CREATE UNIQUE INDEX IF NOT EXISTS ${T}_active_name ON ${T} (name) WHERE revoked_at IS NULL;`);
  const insert = db.prepare(
    `INSERT INTO ${T} (${USERS_TABLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const byKeyId = db.prepare<[string], UserRow>(`SELECT * FROM ${T} WHERE key_id = ?`);
  const byName = db.prepare<[string], UserRow>(`SELECT * FROM ${T} WHERE name = ? AND revoked_at IS NULL`);
  const all = db.prepare<[], UserRow>(`SELECT * FROM ${T} ORDER BY created_at, name, id`);
  const revoke = db.prepare<[number, string], UserRow>(
    `UPDATE ${T} SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING *`,
  );
  const upsert = db.prepare(
    `INSERT INTO ${T} (${USERS_TABLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, key_hash = excluded.key_hash,
       role = 'admin', revoked_at = NULL`,
  );
  const table: UserTable = {
    kind: 'sqlite',
    async insert(row) {
      return insert.run(...userValues(row)).changes === 1;
    },
    async byKeyId(keyId) {
      return byKeyId.get(keyId) ?? null;
    },
    async activeByName(name) {
      return byName.get(name) ?? null;
    },
    async all() {
      return all.all();
    },
    async revoke(id, at) {
      return revoke.get(at, id) ?? null;
    },
    async upsertBootstrap(row) {
      upsert.run(...userValues(row));
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return new TableAccountStore(table, clock);
}
