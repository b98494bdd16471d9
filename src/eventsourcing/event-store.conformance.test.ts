/**
 * One conformance suite, run against every EventStore adapter: memory, SQLite, PostgreSQL and NATS
 * JetStream. PostgreSQL / NATS suites skip (loudly) only when their server is unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceLog } from './behavioural.js';
import { EventStoreError } from './errors.js';
import { MemoryEventStore } from './memory-store.js';
import { openNatsEventStore } from './nats-store.js';
import { openPostgresEventStore } from './postgres-store.js';
import { openSqliteEventStore } from './sqlite-store.js';
import { dropPgSchema, probeNats, probePostgres, rawSqlite, uniqueName } from './test-utils/backends.js';
import type { DomainEvent, EventStore } from './types.js';

interface Fixture {
  readonly store: EventStore;
  /** A second, independent connection to the same storage (null: not persistent). */
  reopen(): Promise<EventStore> | null;
  /** Tries to change stored history behind the adapter's back (null: no raw access). */
  rawUpdate: (() => Promise<unknown>) | null;
  rawDelete: (() => Promise<unknown>) | null;
}

interface Adapter {
  readonly name: string;
  readonly skip: string;
  create(): Promise<Fixture>;
  cleanup(): Promise<void>;
}

const pg = await probePostgres();
const nats = await probeNats();
if (!pg.url)
  console.warn(`[autolearn] SKIPPING PostgreSQL event-store conformance: unreachable (${pg.reason})`);
if (!nats.url)
  console.warn(`[autolearn] SKIPPING NATS JetStream event-store conformance: unreachable (${nats.reason})`);

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-es-'));
const pgSchema = uniqueName('autolearn_es');
const natsStreams: string[] = [];

const adapters: Adapter[] = [
  {
    name: 'memory',
    skip: '',
    async create() {
      return { store: new MemoryEventStore(), reopen: () => null, rawUpdate: null, rawDelete: null };
    },
    async cleanup() {},
  },
  {
    name: 'sqlite',
    skip: '',
    async create() {
      const file = join(tmp, `${uniqueName('ev')}.db`);
      const store = await openSqliteEventStore({ file });
      const raw = (sql: string) => rawSqlite(file, sql);
      return {
        store,
        reopen: () => openSqliteEventStore({ file }),
        rawUpdate: () => raw(`UPDATE autolearn_events SET payload = '{}'`),
        rawDelete: () => raw('DELETE FROM autolearn_events'),
      };
    },
    async cleanup() {
      rmSync(tmp, { recursive: true, force: true });
    },
  },
  {
    name: 'postgres',
    skip: pg.url ? '' : pg.reason,
    async create() {
      const url = pg.url as string;
      const table = uniqueName('ev').toLowerCase();
      const store = await openPostgresEventStore({ connectionString: url, schema: pgSchema, table });
      const raw = async (sql: string) => {
        const { default: pgm } = await import('pg');
        const c = new pgm.Client({ connectionString: url });
        await c.connect();
        try {
          return await c.query(sql);
        } finally {
          await c.end();
        }
      };
      return {
        store,
        reopen: () => openPostgresEventStore({ connectionString: url, schema: pgSchema, table }),
        rawUpdate: () => raw(`UPDATE "${pgSchema}"."${table}" SET payload = '{}'`),
        rawDelete: () => raw(`DELETE FROM "${pgSchema}"."${table}"`),
      };
    },
    async cleanup() {
      if (pg.url) await dropPgSchema(pg.url, pgSchema);
    },
  },
  {
    name: 'nats',
    skip: nats.url ? '' : nats.reason,
    async create() {
      const stream = uniqueName('AUTOLEARN_TEST');
      const subjectPrefix = `autolearn_test.${stream}`;
      natsStreams.push(stream);
      const opts = { servers: nats.url as string, stream, subjectPrefix };
      return {
        store: await openNatsEventStore(opts),
        reopen: () => openNatsEventStore(opts),
        rawUpdate: null,
        rawDelete: null,
      };
    },
    async cleanup() {
      if (!nats.url) return;
      const n = await import('nats');
      const nc = await n.connect({ servers: nats.url });
      const jsm = await nc.jetstreamManager();
      for (const s of natsStreams) await jsm.streams.delete(s).catch(() => {});
      await nc.close();
    },
  },
];

const ev = (entityId: string, timestamp: number, payload: unknown): DomainEvent => ({
  entityId,
  timestamp,
  payload,
});

for (const a of adapters) {
  describe.skipIf(a.skip !== '')(`EventStore conformance: ${a.name}`, () => {
    const opened: EventStore[] = [];
    const fixture = async (): Promise<Fixture> => {
      const f = await a.create();
      opened.push(f.store);
      return f;
    };
    afterAll(async () => {
      for (const s of opened) await s.close();
      await a.cleanup();
    });

    it('appends and numbers events in order, round-tripping JSON payloads', async () => {
      const { store } = await fixture();
      const payloads = [{ a: 1, nested: { b: [1, 2.5, null], s: 'ü €' } }, 'text', 42, null, [true, false]];
      const stored = await store.append(payloads.map((p, i) => ev('agg', 1000 + i, p)));
      expect(stored.map((e) => e.payload)).toEqual(payloads);
      for (let i = 1; i < stored.length; i++) expect(stored[i]!.seq).toBeGreaterThan(stored[i - 1]!.seq);
      const single = await store.append(ev('agg', 5, { x: 1 }));
      expect(single).toHaveLength(1);
      expect(single[0]!.seq).toBeGreaterThan(stored[4]!.seq);
      expect(await store.readAggregate('agg')).toEqual([...stored, ...single]);
    });

    it('reads one aggregate in append order, whatever the timestamps', async () => {
      const { store } = await fixture();
      await store.append([ev('a', 30, 1), ev('b', 10, 2), ev('a', 20, 3), ev('a', 40, 4), ev('b', 5, 5)]);
      expect((await store.readAggregate('a')).map((e) => e.payload)).toEqual([1, 3, 4]);
      expect((await store.readAggregate('b')).map((e) => e.payload)).toEqual([2, 5]);
      expect(await store.readAggregate('none')).toEqual([]);
    });

    it('reads everything in time order (timestamp, then sequence) with filters', async () => {
      const { store } = await fixture();
      await store.append([ev('a', 30, 'a30'), ev('b', 10, 'b10'), ev('a', 10, 'a10'), ev('c', 20, 'c20')]);
      const all = await store.readAll();
      expect(all.map((e) => e.payload)).toEqual(['b10', 'a10', 'c20', 'a30']);
      expect((await store.readAll({ from: 11, to: 30 })).map((e) => e.payload)).toEqual(['c20', 'a30']);
      expect((await store.readAll({ entityIds: ['a'] })).map((e) => e.payload)).toEqual(['a10', 'a30']);
    });

    it('keeps aggregates with odd names apart', async () => {
      const { store } = await fixture();
      const names = ['a.b', 'a', 'a b', 'x*>', 'ü~0020', 'sessionRecord'];
      await store.append(names.map((n, i) => ev(n, i, n)));
      for (const n of names) expect((await store.readAggregate(n)).map((e) => e.payload)).toEqual([n]);
    });

    it('rejects invalid events with EventStoreError and writes nothing of a bad batch', async () => {
      const { store } = await fixture();
      const bad: unknown[] = [
        ev('', 1, 1),
        ev('a', -1, 1),
        ev('a', 1.5, 1),
        ev('a', Number.NaN, 1),
        ev('a', 1, undefined),
        ev('a', 1, { big: 1n }),
        null,
        { timestamp: 1, payload: 1 },
      ];
      for (const b of bad) {
        await expect(store.append([ev('a', 1, 'ok'), b as DomainEvent])).rejects.toBeInstanceOf(
          EventStoreError,
        );
      }
      expect(await store.readAll()).toEqual([]);
    });

    it('offers no update or delete, and the storage itself refuses them', async () => {
      const f = await fixture();
      await f.store.append(ev('a', 1, { v: 1 }));
      for (const m of ['update', 'delete', 'remove', 'truncate']) expect(m in f.store).toBe(false);
      if (f.rawUpdate) await expect(f.rawUpdate()).rejects.toThrow(/append-only/);
      if (f.rawDelete) await expect(f.rawDelete()).rejects.toThrow(/append-only/);
      expect((await f.store.readAggregate('a')).map((e) => e.payload)).toEqual([{ v: 1 }]);
    });

    it('persists: a second connection reads the same history', async () => {
      const f = await fixture();
      const again = f.reopen();
      if (again === null) return;
      await f.store.append([ev('s', 1, 'one'), ev('s', 2, 'two')]);
      const other = await again;
      opened.push(other);
      expect(await other.readAggregate('s')).toEqual(await f.store.readAggregate('s'));
      await other.append(ev('s', 3, 'three'));
      expect((await f.store.readAggregate('s')).map((e) => e.payload)).toEqual(['one', 'two', 'three']);
    });

    it('reads are copies: changing a returned payload does not change history; close is idempotent', async () => {
      const f = await fixture();
      const [stored] = await f.store.append(ev('c', 1, { list: [1, 2] }));
      (stored!.payload as { list: number[] }).list.push(3);
      const [read] = await f.store.readAggregate<{ list: number[] }>('c');
      read!.payload.list.push(4);
      expect((await f.store.readAll<{ list: number[] }>())[0]!.payload).toEqual({ list: [1, 2] });
      const again = f.reopen();
      if (again) {
        const other = await again;
        await other.close();
        await other.close();
      }
    });

    it('rewind rebuilds a session log equal to the live state, and past states', async () => {
      const { store } = await fixture();
      let now = 1_000;
      const clock = () => now++;
      const live = new ServiceLog('session', 'SESSION', store, clock);
      await live.receive('TRAINING', 'train_data_record');
      await live.receive('EVALUATION', 'query_record');
      await live.send('EVALUATION', 'eval_dto');
      const midway = now - 1;
      await live.receive('EVALUATION', 'update_session');
      await live.receive('CLIENT', 'save_session');
      await live.send('CLIENT', 'req_accepted');
      await live.send('STORAGE', 'archive_data');
      const rebuilt = new ServiceLog('session', 'SESSION', store, clock);
      expect(rebuilt.state.messages).toBe(0);
      expect(await rebuilt.rewind()).toEqual(live.state);
      expect(rebuilt.events).toEqual(live.events);
      expect(live.state.received).toEqual({
        train_data_record: 1,
        query_record: 1,
        update_session: 1,
        save_session: 1,
      });
      const past = await rebuilt.rewind(midway);
      expect(past.messages).toBe(3);
      expect(past.last?.value.payload).toBe('eval_dto');
      // rewinding writes nothing
      expect(await store.readAggregate('session')).toHaveLength(7);
    });

    it('property: per-aggregate order and global time order hold for random histories', async () => {
      const { store } = await fixture();
      let appended: { entityId: string; timestamp: number; payload: unknown; seq: number }[] = [];
      const eventArb = fc.record({
        entityId: fc.constantFrom('catalog', 'training', 'session', 'x.y'),
        timestamp: fc.integer({ min: 0, max: 50 }),
        payload: fc.jsonValue({ maxDepth: 2 }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 6 }), async (batch) => {
          const stored = await store.append(batch);
          appended = [...appended, ...stored];
          const all = await store.readAll();
          const expected = [...appended].sort((x, y) => x.timestamp - y.timestamp || x.seq - y.seq);
          expect(all.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
          for (const id of new Set(batch.map((b) => b.entityId))) {
            const got = await store.readAggregate(id);
            expect(got.map((e) => e.seq)).toEqual(
              appended.filter((e) => e.entityId === id).map((e) => e.seq),
            );
            expect(got.map((e) => e.payload)).toEqual(
              appended.filter((e) => e.entityId === id).map((e) => JSON.parse(JSON.stringify(e.payload))),
            );
          }
        }),
        { numRuns: a.name === 'memory' || a.name === 'sqlite' ? 40 : 12 },
      );
    });
  });
}
