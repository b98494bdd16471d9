/**
 * The reproduction, on the real HTTP server in PostgreSQL mode (stores and event log on
 * PostgreSQL): this test's own backends are terminated (pg_terminate_backend) repeatedly while
 * catalog / train / evaluate / save / list requests run. The process must not crash, no answer may be
 * a 500 (a request that cannot be served is a 503 store_unavailable), and the whole flow works after
 * the storm. Skips loudly only when PostgreSQL is unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPgSchema, probePostgres, uniqueName } from '../eventsourcing/test-utils/backends.js';
import { pgKiller, sleep } from '../eventsourcing/test-utils/pg-killer.js';
import { silentLogger } from '../services/logger.js';
import { createServer } from './app.js';
import { irisRequest } from './test-utils/requests.js';

const pg = await probePostgres();
if (!pg.url) console.warn(`[autolearn] SKIPPING server PostgreSQL-drop test: unreachable (${pg.reason})`);

const dir = mkdtempSync(join(tmpdir(), 'al-pgdrop-'));
const schema = uniqueName('al_pgdrop').toLowerCase();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (pg.url) await dropPgSchema(pg.url, schema);
});

describe.skipIf(!pg.url)('server in PostgreSQL mode survives terminated backends', () => {
  it('no crash, no 500 while backends are killed; the flow works afterwards', async () => {
    const killer = await pgKiller(pg.url as string, 'al_pgdrop');
    const url = new URL(killer.url);
    url.searchParams.set('schema', schema);
    const spec = url.toString();
    const server = await createServer({
      dataDir: dir,
      poolSize: 2,
      logger: silentLogger,
      env: {},
      store: spec,
      events: spec,
      adminToken: 'pg-drop-admin-key-0123456789',
    });
    const base = await server.listen(0);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: 'Bearer pg-drop-admin-key-0123456789',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    const statuses = new Map<number, number>();
    const seen = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    let killed = 0;
    try {
      const tokens: string[] = [];
      for (let round = 0; round < 6; round++) {
        const work = [
          ...Array.from({ length: 3 }, () => call('GET', '/catalog')),
          call('POST', '/train', irisRequest('GaussianNB')).then((r) => {
            if (r.status === 202) tokens.push(r.body.token);
            return r;
          }),
          call('GET', '/sessions'),
          call('GET', '/experiments'),
          ...tokens.slice(-2).map((t) => call('POST', `/sessions/${t}/evaluate`)),
        ];
        await sleep(3 + round * 2);
        killed += await killer.kill();
        for (const r of await Promise.all(work)) {
          seen(r.status);
          if (r.status >= 500) expect(r.body.error).toBe('store_unavailable');
        }
        killed += await killer.kill();
      }
      expect(killed).toBeGreaterThan(3);
      expect([...statuses.keys()].filter((s) => s >= 500 && s !== 503)).toEqual([]);
      // after the storm: the whole flow
      const t = await call('POST', '/train', irisRequest('GaussianNB'));
      expect(t.status).toBe(202);
      for (let i = 0; i < 400; i++) {
        const s = await call('GET', `/train/${t.body.token}`);
        if (s.body.state === 'done') break;
        expect(['queued', 'running']).toContain(s.body.state);
        await sleep(50);
      }
      const ev = await call('POST', `/sessions/${t.body.token}/evaluate`);
      expect(ev.status).toBe(200);
      const sv = await call('POST', `/sessions/${t.body.token}/save`);
      expect(sv.status).toBe(200);
      expect(sv.body.eval_data).toEqual(ev.body.eval_data);
      console.info(
        '[pg-drop] killed',
        killed,
        'backends; statuses',
        JSON.stringify(Object.fromEntries(statuses)),
      );
    } finally {
      await server.close(0);
      await killer.close();
    }
  }, 120_000);
});
