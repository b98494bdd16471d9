/**
 * One conformance suite for every AccountStore adapter (SQLite, PostgreSQL): keys shown once and
 * stored only as SHA-256, revocation, roles, the bootstrap admin. PostgreSQL skips loudly only when
 * the server is unreachable.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPgSchema, probePostgres, uniqueName } from '../../eventsourcing/test-utils/backends.js';
import { ConfigError } from '../errors.js';
import { InvalidUserError, UserExistsError, UserNotFoundError } from './errors.js';
import { openPostgresAccountStore } from './postgres-accounts.js';
import { openSqliteAccountStore } from './sqlite-accounts.js';
import { type AccountStore, BOOTSTRAP_ADMIN } from './types.js';

const pg = await probePostgres();
if (!pg.url) console.warn(`[autolearn] SKIPPING PostgreSQL account conformance: unreachable (${pg.reason})`);
const tmp = mkdtempSync(join(tmpdir(), 'autolearn-accounts-'));
const schemas: string[] = [];

interface Opened {
  store: AccountStore;
  again(): Promise<AccountStore>;
  /** Every stored row, read with raw SQL. */
  rows(): Promise<Record<string, unknown>[]>;
  /** The raw bytes of the storage where that makes sense (SQLite file + WAL). */
  bytes(): string;
}

const adapters: { name: string; skip: boolean; open(): Promise<Opened>; cleanup(): Promise<void> }[] = [
  {
    name: 'sqlite',
    skip: false,
    async open() {
      const file = join(tmp, `${uniqueName('acc')}.db`);
      return {
        store: await openSqliteAccountStore(file),
        again: () => openSqliteAccountStore(file),
        async rows() {
          const { default: Database } = await import('better-sqlite3');
          const db = new Database(file, { readonly: true });
          try {
            return db.prepare('SELECT * FROM autolearn_users').all() as Record<string, unknown>[];
          } finally {
            db.close();
          }
        },
        bytes: () =>
          [file, `${file}-wal`]
            .filter((f) => existsSync(f))
            .map((f) => readFileSync(f).toString('latin1'))
            .join(''),
      };
    },
    cleanup: async () => rmSync(tmp, { recursive: true, force: true }),
  },
  {
    name: 'postgres',
    skip: !pg.url,
    async open() {
      const schema = uniqueName('autolearn_acc').toLowerCase();
      schemas.push(schema);
      const connectionString = pg.url as string;
      return {
        store: await openPostgresAccountStore({ connectionString, schema }),
        again: () => openPostgresAccountStore({ connectionString, schema }),
        async rows() {
          const { default: pgm } = await import('pg');
          const c = new pgm.Client({ connectionString });
          await c.connect();
          try {
            return (await c.query(`SELECT * FROM "${schema}".autolearn_users`)).rows;
          } finally {
            await c.end();
          }
        },
        bytes: () => '',
      };
    },
    cleanup: async () => {
      for (const s of schemas) await dropPgSchema(pg.url as string, s);
    },
  },
];

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

for (const a of adapters) {
  describe.skipIf(a.skip)(`AccountStore conformance: ${a.name}`, () => {
    const stores: AccountStore[] = [];
    const opened = async () => {
      const o = await a.open();
      stores.push(o.store);
      return o;
    };
    afterAll(async () => {
      for (const s of stores) await s.close();
      await a.cleanup();
    });

    it('creates users with random 32-byte keys, shown once, stored only as their SHA-256', async () => {
      const o = await opened();
      const alice = await o.store.create('alice');
      const bob = await o.store.create('bob', 'admin');
      expect(alice.user).toMatchObject({ name: 'alice', role: 'user', revoked_at: null });
      expect(bob.user.role).toBe('admin');
      expect(alice.user.id).not.toBe(bob.user.id);
      for (const k of [alice.api_key, bob.api_key]) {
        expect(k).toMatch(/^al_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
        // 43 base64url characters = 32 random bytes
        expect(Buffer.from(k.slice(16), 'base64url').length).toBe(32);
      }
      expect(alice.api_key).not.toBe(bob.api_key);
      // listings never carry the key
      const listed = await o.store.list();
      expect(JSON.stringify(listed)).not.toContain(alice.api_key);
      // the secret is everything after `al_<12 hex>_`; it may itself contain '_'
      expect(JSON.stringify(listed)).not.toContain(alice.api_key.slice(16));
      expect(listed.map((u) => u.name)).toEqual(['alice', 'bob']);
      // raw storage: the hash is there, the key (and its secret part) is not
      const rows = await o.rows();
      const dump = JSON.stringify(rows) + o.bytes();
      for (const k of [alice.api_key, bob.api_key]) {
        expect(dump).not.toContain(k);
        expect(dump).not.toContain(k.slice(16));
        expect(rows.some((r) => r.key_hash === sha256(k))).toBe(true);
      }
    });

    it('authenticates a key to its user; wrong, altered, truncated, empty or huge keys get null', async () => {
      const o = await opened();
      const { user, api_key } = await o.store.create('carol');
      expect(await o.store.authenticate(api_key)).toEqual({ id: user.id, name: 'carol', role: 'user' });
      const last = api_key.at(-1) === 'A' ? 'B' : 'A';
      for (const bad of [
        `${api_key.slice(0, -1)}${last}`,
        api_key.slice(0, -1),
        `${api_key}x`,
        '',
        'x'.repeat(100_000),
        `al_000000000000_${'A'.repeat(43)}`,
      ]) {
        expect(await o.store.authenticate(bad), bad.slice(0, 40)).toBeNull();
      }
      // another connection sees the same user
      const again = await o.again();
      stores.push(again);
      expect((await again.authenticate(api_key))?.id).toBe(user.id);
    });

    it('revocation: the key stops working at once, also through another connection; the name may be reused with a new id', async () => {
      const o = await opened();
      const other = await o.again();
      stores.push(other);
      const d = await o.store.create('dave');
      expect(await other.authenticate(d.api_key)).not.toBeNull();
      const revoked = await o.store.revoke('dave');
      expect(revoked.revoked_at).toBeGreaterThan(0);
      expect(await o.store.authenticate(d.api_key)).toBeNull();
      expect(await other.authenticate(d.api_key)).toBeNull();
      expect(await o.store.get('dave')).toBeNull();
      await expect(o.store.revoke('dave')).rejects.toBeInstanceOf(UserNotFoundError);
      const again = await o.store.create('dave');
      expect(again.user.id).not.toBe(d.user.id);
      expect(await o.store.authenticate(d.api_key)).toBeNull();
      expect((await o.store.authenticate(again.api_key))?.id).toBe(again.user.id);
      expect(
        (await o.store.list()).filter((u) => u.name === 'dave').map((u) => u.revoked_at === null),
      ).toEqual([false, true]);
    });

    it('rejects duplicate active names, bad names and roles with typed errors', async () => {
      const o = await opened();
      await o.store.create('erin');
      await expect(o.store.create('erin')).rejects.toBeInstanceOf(UserExistsError);
      await expect(o.store.create('admin')).rejects.toBeInstanceOf(UserExistsError);
      for (const bad of ['', ' x', 'a b', 'x'.repeat(65), '../etc', 'é']) {
        await expect(o.store.create(bad), bad).rejects.toBeInstanceOf(InvalidUserError);
      }
      await expect(o.store.create('frank', 'root' as never)).rejects.toBeInstanceOf(InvalidUserError);
      await expect(o.store.revoke('nobody')).rejects.toBeInstanceOf(UserNotFoundError);
      expect((await o.store.list()).map((u) => u.name)).toEqual(['erin']);
    });

    it('bootstrap admin: its key is whatever the admin-token gives, replaced on change; it cannot be revoked', async () => {
      const o = await opened();
      const k1 = 'bootstrap-key-0123456789abcdef';
      expect(await o.store.ensureBootstrapAdmin(k1)).toEqual(BOOTSTRAP_ADMIN);
      expect(await o.store.authenticate(k1)).toEqual(BOOTSTRAP_ADMIN);
      const k2 = 'another-bootstrap-key-9876543210';
      await o.store.ensureBootstrapAdmin(k2);
      expect(await o.store.authenticate(k1)).toBeNull();
      expect(await o.store.authenticate(k2)).toEqual(BOOTSTRAP_ADMIN);
      await expect(o.store.revoke('admin')).rejects.toBeInstanceOf(InvalidUserError);
      await expect(o.store.ensureBootstrapAdmin('short')).rejects.toBeInstanceOf(ConfigError);
      expect(JSON.stringify(await o.rows())).not.toContain(k2);
      expect((await o.store.list()).map((u) => [u.name, u.role])).toEqual([['admin', 'admin']]);
    });
  });
}
