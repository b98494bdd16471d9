/**
 * The PostgreSQL adapters survive their database: this test's own backends are terminated for real
 * (pg_terminate_backend, SQLSTATE 57P01) mid-run, repeatedly, while appends / inserts / updates /
 * saves are in flight. The process must not crash (an unhandled 'error' event would fail the run),
 * every failure must be a typed StoreUnavailableError, nothing acknowledged may be lost or stored
 * twice, and later requests succeed. Skips loudly only when PostgreSQL is unreachable.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresRepository } from '../services/stores/postgres-repository.js';
import { makeRecord } from '../services/test-utils/records.js';
import { StoreUnavailableError } from './errors.js';
import { openPostgresEventStore } from './postgres-store.js';
import { dropPgSchema, probePostgres, uniqueName } from './test-utils/backends.js';
import { pgKiller, sleep } from './test-utils/pg-killer.js';

const pg = await probePostgres();
if (!pg.url) console.warn(`[autolearn] SKIPPING PostgreSQL fault tests: unreachable (${pg.reason})`);

const ROUNDS = 8;
const schemas: string[] = [];

describe.skipIf(!pg.url)('PostgreSQL stores survive terminated backends', () => {
  afterAll(async () => {
    for (const s of schemas) await dropPgSchema(pg.url as string, s);
  });

  it('event store: concurrent appends while backends are killed; no crash, no loss, no duplicate', async () => {
    const schema = uniqueName('al_fault_ev').toLowerCase();
    schemas.push(schema);
    const killer = await pgKiller(pg.url as string);
    const store = await openPostgresEventStore({ connectionString: killer.url, schema });
    const acked = new Set<string>();
    const failures: unknown[] = [];
    let killed = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const writers = Array.from({ length: 4 }, (_, w) =>
          (async () => {
            for (let k = 0; k < 6; k++) {
              const marker = `r${round}w${w}k${k}`;
              const batch = Array.from({ length: 8 }, (_, i) => ({
                entityId: `agg-${w}`,
                timestamp: 1_000 + round,
                payload: { marker, i },
              }));
              try {
                await store.append(batch);
                acked.add(marker);
              } catch (e) {
                failures.push(e);
              }
              await store.readAggregate(`agg-${w}`).catch((e) => failures.push(e));
            }
          })(),
        );
        await sleep(5 + round * 3);
        killed += await killer.kill();
        await sleep(10);
        killed += await killer.kill();
        await Promise.all(writers);
      }
      expect(killed).toBeGreaterThan(ROUNDS);
      for (const f of failures) expect(f).toBeInstanceOf(StoreUnavailableError);
      // after the storm the store answers
      await store.append({ entityId: 'after', timestamp: 5_000, payload: { ok: true } });
      const all = await store.readAll<{ marker?: string; i?: number }>();
      const byMarker = new Map<string, number>();
      for (const e of all) {
        const m = e.payload.marker;
        if (m) byMarker.set(m, (byMarker.get(m) ?? 0) + 1);
      }
      for (const m of acked) expect(byMarker.get(m), m).toBe(8);
      // an unacknowledged batch is all-or-nothing (never partial, never twice)
      for (const [m, n] of byMarker) expect([0, 8], m).toContain(n);
      expect(acked.size).toBeGreaterThan(ROUNDS * 4 * 6 * 0.8);
      expect(all.at(-1)?.payload).toEqual({ ok: true });
      console.info(
        `[pg-faults events] ${killed} backends killed; ${acked.size} of ${ROUNDS * 24} batches acknowledged; ${failures.length} typed failures`,
      );
    } finally {
      await store.close();
      await killer.close();
    }
  }, 60_000);

  it('repository: inserts, updates and saves while backends are killed; records stay whole', async () => {
    const schema = uniqueName('al_fault_repo').toLowerCase();
    schemas.push(schema);
    const killer = await pgKiller(pg.url as string);
    const repo = await openPostgresRepository({ connectionString: killer.url, schema });
    const failures: unknown[] = [];
    const done = new Map<string, 'trained' | 'evaluated' | 'saved'>();
    let killed = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const workers = Array.from({ length: 4 }, (_, w) =>
          (async () => {
            for (let k = 0; k < 5; k++) {
              const id = `${round}-${w}-${k}`;
              try {
                await repo.session.insert(makeRecord(id, round * 100 + w * 10 + k));
                done.set(id, 'trained');
                await repo.session.update(id, {
                  eval_data: [{ metric_name: 'acc', metric_value: k / 10 }],
                  status: 'evaluated',
                });
                done.set(id, 'evaluated');
                if (k % 2 === 0) {
                  await repo.save(id);
                  done.set(id, 'saved');
                }
                await repo.session.list({ limit: 5 });
              } catch (e) {
                failures.push(e);
              }
            }
          })(),
        );
        await sleep(4 + round * 3);
        killed += await killer.kill();
        await sleep(8);
        killed += await killer.kill();
        await Promise.all(workers);
      }
      expect(killed).toBeGreaterThan(ROUNDS);
      for (const f of failures) expect(f).toBeInstanceOf(StoreUnavailableError);
      for (const [id, state] of done) {
        const where = await repo.locate(id);
        if (state === 'saved') {
          expect(where, id).toBe('permanent');
          expect((await repo.permanent.get(id))?.eval_data).toHaveLength(1);
        } else {
          expect(where, id).not.toBeNull();
          if (state === 'evaluated') {
            const rec = (await repo.session.get(id)) ?? (await repo.permanent.get(id));
            expect(rec?.eval_data, id).toHaveLength(1);
          }
        }
      }
      console.info(
        `[pg-faults repository] ${killed} backends killed; ${done.size} of ${ROUNDS * 20} records written; ${failures.length} typed failures`,
      );
      await repo.session.insert(makeRecord('after', 999_999));
      expect(await repo.locate('after')).toBe('session');
    } finally {
      await repo.close();
      await killer.close();
    }
  }, 60_000);
});
