/**
 * One conformance suite for every ExperimentRepository adapter (SQLite, PostgreSQL). The PostgreSQL
 * suite skips loudly only when the server is unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError, ParamError } from '../../core/errors.js';
import {
  dropPgSchema,
  probePostgres,
  rawSqlite,
  uniqueName,
} from '../../eventsourcing/test-utils/backends.js';
import { DuplicateRecordError, ImmutableRecordError } from '../errors.js';
import { makeRecord } from '../test-utils/records.js';
import { openPostgresRepository } from './postgres-repository.js';
import { openSqliteRepository } from './sqlite-repository.js';
import type { ExperimentRepository } from './types.js';

const pg = await probePostgres();
if (!pg.url)
  console.warn(`[autolearn] SKIPPING PostgreSQL repository conformance: unreachable (${pg.reason})`);
const tmp = mkdtempSync(join(tmpdir(), 'autolearn-repo-'));
const schemas: string[] = [];

interface Opened {
  repo: ExperimentRepository;
  /** An independent connection to the same storage. */
  again(): Promise<ExperimentRepository>;
  /** Runs raw SQL on the storage, bypassing the adapter. */
  raw(sql: string): Promise<unknown>;
}

const adapters: { name: string; skip: boolean; open(): Promise<Opened>; cleanup(): Promise<void> }[] = [
  {
    name: 'sqlite',
    skip: false,
    async open() {
      const file = join(tmp, `${uniqueName('repo')}.db`);
      return {
        repo: await openSqliteRepository(file),
        again: () => openSqliteRepository(file),
        raw: (sql) => rawSqlite(file, sql),
      };
    },
    cleanup: async () => rmSync(tmp, { recursive: true, force: true }),
  },
  {
    name: 'postgres',
    skip: !pg.url,
    async open() {
      const schema = uniqueName('autolearn_repo').toLowerCase();
      schemas.push(schema);
      const connectionString = pg.url as string;
      return {
        repo: await openPostgresRepository({ connectionString, schema }),
        again: () => openPostgresRepository({ connectionString, schema }),
        raw: async (sql) => {
          const { default: pgm } = await import('pg');
          const c = new pgm.Client({ connectionString });
          await c.connect();
          try {
            return await c.query(sql.replaceAll('autolearn_', `"${schema}".autolearn_`));
          } finally {
            await c.end();
          }
        },
      };
    },
    cleanup: async () => {
      for (const s of schemas) await dropPgSchema(pg.url as string, s);
    },
  },
];

for (const a of adapters) {
  describe.skipIf(a.skip)(`ExperimentRepository conformance: ${a.name}`, () => {
    const repos: ExperimentRepository[] = [];
    const opened = async () => {
      const o = await a.open();
      repos.push(o.repo);
      return o;
    };
    const open = async () => (await opened()).repo;
    afterAll(async () => {
      for (const r of repos) await r.close();
      await a.cleanup();
    });

    it('inserts, reads back and lists session records in created_at order', async () => {
      const repo = await open();
      const r1 = makeRecord('1700000000002', 1700000000002);
      const r2 = makeRecord('1700000000001', 1700000000001, 'HeightWeight', 'GaussianNB');
      await repo.session.insert(r1);
      await repo.session.insert(r2);
      expect(await repo.session.get(r1.id)).toEqual(r1);
      expect(await repo.session.get('nope')).toBeNull();
      expect((await repo.session.list()).map((r) => r.id)).toEqual([r2.id, r1.id]);
      expect(await repo.session.count()).toBe(2);
      expect(await repo.permanent.list()).toEqual([]);
    });

    it('session records change (evaluation is added); bad patches are typed errors', async () => {
      const repo = await open();
      await repo.session.insert(makeRecord('a', 1));
      const ev = [
        { metric_name: 'test_precision_macro', metric_value: 0.9 },
        { metric_name: 'test_recall_macro', metric_value: 0.8 },
      ];
      const updated = await repo.session.update('a', { eval_data: ev, status: 'evaluated' });
      expect(updated.eval_data).toEqual(ev);
      expect(updated.status).toBe('evaluated');
      expect(await repo.session.get('a')).toEqual(updated);
      await expect(repo.session.update('missing', { status: 'evaluated' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        repo.session.update('a', { eval_data: [{ metric_name: 1 }] as never }),
      ).rejects.toBeInstanceOf(ParamError);
      await expect(repo.session.insert({ ...makeRecord('b', 2), created_at: -1 })).rejects.toBeInstanceOf(
        ParamError,
      );
    });

    it('save moves a record atomically; the permanent store is immutable', async () => {
      const repo = await open();
      const rec = makeRecord('m1', 10);
      await repo.session.insert(rec);
      await repo.session.update('m1', {
        eval_data: [{ metric_name: 'x', metric_value: 1 }],
        status: 'evaluated',
      });
      const saved = await repo.save('m1');
      expect(saved).toEqual({ ...rec, eval_data: [{ metric_name: 'x', metric_value: 1 }], status: 'saved' });
      expect(await repo.session.get('m1')).toBeNull();
      expect(await repo.permanent.get('m1')).toEqual(saved);
      expect(await repo.locate('m1')).toBe('permanent');
      await expect(repo.permanent.update('m1', { status: 'trained' })).rejects.toBeInstanceOf(
        ImmutableRecordError,
      );
      await expect(repo.session.update('m1', { status: 'trained' })).rejects.toBeInstanceOf(
        ImmutableRecordError,
      );
      await expect(repo.save('m1')).rejects.toBeInstanceOf(NotFoundError);
      await expect(repo.save('never')).rejects.toBeInstanceOf(NotFoundError);
      await expect(repo.session.insert(makeRecord('m1', 11))).rejects.toBeInstanceOf(DuplicateRecordError);
      await expect(repo.permanent.insert(makeRecord('m1', 11))).rejects.toBeInstanceOf(DuplicateRecordError);
      await repo.session.insert(makeRecord('m2', 12));
      await expect(repo.session.insert(makeRecord('m2', 12))).rejects.toBeInstanceOf(DuplicateRecordError);
      await expect(repo.permanent.insert(makeRecord('m2', 12))).rejects.toBeInstanceOf(DuplicateRecordError);
      expect(await repo.permanent.get('m1')).toEqual(saved);
      expect(await repo.locate('m2')).toBe('session');
      expect(await repo.locate('zzz')).toBeNull();
    });

    it('filters by dataset, model and date range, with a limit', async () => {
      const repo = await open();
      const specs: [string, number, string, string][] = [
        ['r1', 100, 'Iris', 'SVC'],
        ['r2', 200, 'Iris', 'GaussianNB'],
        ['r3', 300, 'HeightWeight', 'SVC'],
        ['r4', 400, 'Iris', 'SVC'],
      ];
      for (const [id, t, d, m] of specs) await repo.session.insert(makeRecord(id, t, d, m));
      await repo.save('r4');
      const ids = async (f: Parameters<typeof repo.session.list>[0]) =>
        (await repo.session.list(f)).map((r) => r.id);
      expect(await ids({ dataset: 'Iris' })).toEqual(['r1', 'r2']);
      expect(await ids({ model: 'SVC' })).toEqual(['r1', 'r3']);
      expect(await ids({ dataset: 'Iris', model: 'SVC' })).toEqual(['r1']);
      expect(await ids({ from: 150, to: 300 })).toEqual(['r2', 'r3']);
      expect(await ids({ from: 301 })).toEqual([]);
      expect(await ids({ limit: 2 })).toEqual(['r1', 'r2']);
      expect(await ids({ status: 'trained', to: 100 })).toEqual(['r1']);
      expect((await repo.permanent.list({ dataset: 'Iris', from: 400, to: 400 })).map((r) => r.id)).toEqual([
        'r4',
      ]);
    });

    it('a second connection sees the same stores; raw SQL cannot change permanent records', async () => {
      const o = await opened();
      await o.repo.session.insert(makeRecord('p1', 1));
      await o.repo.save('p1');
      await o.repo.session.insert(makeRecord('p2', 2));
      const other = await o.again();
      repos.push(other);
      expect((await other.permanent.list()).map((r) => r.id)).toEqual(['p1']);
      expect((await other.session.list()).map((r) => r.id)).toEqual(['p2']);
      await other.save('p2');
      expect((await o.repo.permanent.list()).map((r) => r.id)).toEqual(['p1', 'p2']);
      await expect(o.raw("UPDATE autolearn_permanent SET status = 'trained'")).rejects.toThrow(/immutable/);
      await expect(o.raw('DELETE FROM autolearn_permanent')).rejects.toThrow(/immutable/);
      expect(await o.repo.permanent.count()).toBe(2);
    });
  });
}
