/** The users table in PostgreSQL (the schema of the platform's `store` URL). */
import { openPgDatabase, pgIdent } from '../../eventsourcing/postgres-connection.js';
import {
  TableAccountStore,
  USERS_TABLE_COLUMNS,
  type UserRow,
  type UserTable,
  userValues,
} from './account-store.js';
import type { AccountStore } from './types.js';

export interface PostgresAccountOptions {
  readonly connectionString: string;
  /** Schema (default `public`), created when missing. */
  readonly schema?: string;
  readonly clock?: () => number;
}

export async function openPostgresAccountStore(options: PostgresAccountOptions): Promise<AccountStore> {
  const schema = pgIdent(options.schema ?? 'public');
  const T = `${schema}.${pgIdent('autolearn_users')}`;
  // retried on lost connections, typed StoreUnavailableError (503) when the database stays away
  const db = await openPgDatabase(options.connectionString, 'accounts');
  try {
    await db.query('open', `CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await db.query(
      'open',
      `CREATE TABLE IF NOT EXISTS ${T} (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
      key_id TEXT NOT NULL UNIQUE,
      key_hash TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      revoked_at BIGINT
    )`,
    );
    await db.query(
      'open',
      `CREATE UNIQUE INDEX IF NOT EXISTS autolearn_users_active_name ON ${T} (name) WHERE revoked_at IS NULL`,
    );
  } catch (e) {
    await db.end();
    throw e;
  }
  const one = async (op: string, sql: string, args: unknown[]): Promise<UserRow | null> =>
    (await db.query<UserRow>(op, sql, args)).rows[0] ?? null;
  let closed = false;
  const table: UserTable = {
    kind: 'postgres',
    // in a transaction: retried only when nothing was committed, so a retry never reads as a conflict
    insert: (row) =>
      db.transaction('insert user', async (q) => {
        const r = await q(
          `INSERT INTO ${T} (${USERS_TABLE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          userValues(row),
        );
        return r.rowCount === 1;
      }),
    byKeyId: (keyId) => one('authenticate', `SELECT * FROM ${T} WHERE key_id = $1`, [keyId]),
    activeByName: (name) =>
      one('find user', `SELECT * FROM ${T} WHERE name = $1 AND revoked_at IS NULL`, [name]),
    async all() {
      return (await db.query<UserRow>('list users', `SELECT * FROM ${T} ORDER BY created_at, name, id`)).rows;
    },
    revoke: (id, at) =>
      db.transaction(
        'revoke user',
        async (q) =>
          (
            await q<UserRow>(
              `UPDATE ${T} SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING *`,
              [at, id],
            )
          ).rows[0] ?? null,
      ),
    async upsertBootstrap(row) {
      await db.query(
        'bootstrap admin',
        `INSERT INTO ${T} (${USERS_TABLE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET key_id = EXCLUDED.key_id, key_hash = EXCLUDED.key_hash,
           role = 'admin', revoked_at = NULL`,
        userValues(row),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.end();
    },
  };
  return new TableAccountStore(table, options.clock);
}
