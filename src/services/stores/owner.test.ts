/**
 * The `owner` column of both repository adapters: stored, filtered on, kept by `save`, and added by
 * migration to files / tables made before accounts (their records then belong to the bootstrap
 * admin, and the permanent table stays immutable).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPgSchema, probePostgres, uniqueName } from '../../eventsourcing/test-utils/backends.js';
import { makeRecord } from '../test-utils/records.js';
import { openPostgresRepository } from './postgres-repository.js';
import { openSqliteRepository } from './sqlite-repository.js';
import type { ExperimentRepository } from './types.js';

const pg = await probePostgres();
if (!pg.url) console.warn(`[autolearn] SKIPPING PostgreSQL owner tests: unreachable (${pg.reason})`);
const tmp = mkdtempSync(join(tmpdir(), 'autolearn-owner-'));
const schemas: string[] = [];

/** The table layout and trigger of the stores before accounts existed. */
const OLD_LAYOUT = (prefix: string) =>
  ['session', 'permanent'].map(
    (t) => `CREATE TABLE ${prefix}autolearn_${t} (id TEXT PRIMARY KEY, created_at BIGINT NOT NULL,
      status TEXT NOT NULL, dataset_name TEXT, model_name TEXT, train_data TEXT NOT NULL, eval_data TEXT NOT NULL)`,
  );
const OLD_ROW = (prefix: string, table: string, id: string) => {
  const r = makeRecord(id, Number(id));
  return `INSERT INTO ${prefix}autolearn_${table} VALUES ('${id}', ${id}, '${table === 'session' ? 'trained' : 'saved'}', 'Iris', 'SVC', '${JSON.stringify(r.train_data)}', '[]')`;
};

const adapters: {
  name: string;
  skip: boolean;
  /** Opens a repository on storage first prepared with `setup` statements (raw SQL). */
  open(setup?: (prefix: string) => string[]): Promise<ExperimentRepository>;
  cleanup(): Promise<void>;
}[] = [
  {
    name: 'sqlite',
    skip: false,
    async open(setup) {
      const file = join(tmp, `${uniqueName('own')}.db`);
      if (setup) {
        const { default: Database } = await import('better-sqlite3');
        const db = new Database(file);
        for (const sql of setup('')) db.exec(sql);
        db.close();
      }
      return openSqliteRepository(file);
    },
    cleanup: async () => rmSync(tmp, { recursive: true, force: true }),
  },
  {
    name: 'postgres',
    skip: !pg.url,
    async open(setup) {
      const schema = uniqueName('autolearn_own').toLowerCase();
      schemas.push(schema);
      const connectionString = pg.url as string;
      if (setup) {
        const { default: pgm } = await import('pg');
        const c = new pgm.Client({ connectionString });
        await c.connect();
        try {
          await c.query(`CREATE SCHEMA "${schema}"`);
          for (const sql of setup(`"${schema}".`)) await c.query(sql);
        } finally {
          await c.end();
        }
      }
      return openPostgresRepository({ connectionString, schema });
    },
    cleanup: async () => {
      for (const s of schemas) await dropPgSchema(pg.url as string, s);
    },
  },
];

for (const a of adapters) {
  describe.skipIf(a.skip)(`record owner: ${a.name}`, () => {
    const repos: ExperimentRepository[] = [];
    const open = async (setup?: (prefix: string) => string[]) => {
      const r = await a.open(setup);
      repos.push(r);
      return r;
    };
    afterAll(async () => {
      for (const r of repos) await r.close();
      await a.cleanup();
    });

    it('stores the owner, filters lists on it, and keeps it through save', async () => {
      const repo = await open();
      await repo.session.insert(makeRecord('1', 1, 'Iris', 'SVC', 'u_alice'));
      await repo.session.insert(makeRecord('2', 2, 'Iris', 'SVC', 'u_bob'));
      await repo.session.insert(makeRecord('3', 3, 'Iris', 'GaussianNB', 'u_alice'));
      expect((await repo.session.get('2'))?.owner).toBe('u_bob');
      expect((await repo.session.list({ owner: 'u_alice' })).map((r) => r.id)).toEqual(['1', '3']);
      expect((await repo.session.list({ owner: 'u_alice', model: 'SVC' })).map((r) => r.id)).toEqual(['1']);
      expect(await repo.session.list({ owner: 'nobody' })).toEqual([]);
      expect((await repo.session.list()).length).toBe(3);
      const saved = await repo.save('2');
      expect(saved.owner).toBe('u_bob');
      expect((await repo.permanent.list({ owner: 'u_bob' })).map((r) => r.id)).toEqual(['2']);
      expect(await repo.permanent.list({ owner: 'u_alice' })).toEqual([]);
    });

    it('rejects a record without an owner', async () => {
      const repo = await open();
      const r = { ...makeRecord('9', 9), owner: '' };
      await expect(repo.session.insert(r)).rejects.toThrow(/owner/);
      await expect(repo.session.insert({ ...r, owner: undefined as never })).rejects.toThrow(/owner/);
    });

    it('migrates storage made before accounts: old records belong to admin; permanent stays immutable', async () => {
      const repo = await open((prefix) => [
        ...OLD_LAYOUT(prefix),
        OLD_ROW(prefix, 'session', '100'),
        OLD_ROW(prefix, 'permanent', '200'),
      ]);
      expect((await repo.session.get('100'))?.owner).toBe('admin');
      expect((await repo.permanent.get('200'))?.owner).toBe('admin');
      expect((await repo.session.list({ owner: 'admin' })).map((r) => r.id)).toEqual(['100']);
      await repo.session.insert(makeRecord('101', 101, 'Iris', 'SVC', 'u_carol'));
      expect((await repo.save('101')).owner).toBe('u_carol');
      expect((await repo.save('100')).owner).toBe('admin');
      expect((await repo.permanent.list()).map((r) => [r.id, r.owner])).toEqual(
        [
          ['101', 'u_carol'],
          ['100', 'admin'],
          ['200', 'admin'],
        ].sort((x, y) => Number(x[0]) - Number(y[0])),
      );
      await expect(repo.permanent.update('200', { status: 'evaluated' })).rejects.toThrow(
        /cannot be changed/,
      );
    });
  });
}
