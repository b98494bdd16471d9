/**
 * The NATS JetStream event store survives its server: a PRIVATE nats-server (own port, own storage)
 * is SIGKILLed mid-run and restarted, repeatedly, while appends and reads are in flight. The process
 * never crashes, failures are typed StoreUnavailableErrors, acknowledged events are stored exactly
 * once, and the store works again after each restart. Skips loudly only without nats-server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from './errors.js';
import { openNatsEventStore } from './nats-store.js';
import { sleep } from './test-utils/pg-killer.js';
import {
  NATS_SERVER_BIN,
  natsServerAvailable,
  type PrivateNats,
  startPrivateNats,
} from './test-utils/private-nats.js';

const available = natsServerAvailable();
if (!available) console.warn(`[autolearn] SKIPPING NATS fault tests: no nats-server at ${NATS_SERVER_BIN}`);

describe.skipIf(!available)('NATS event store survives a killed server', () => {
  const servers: PrivateNats[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose();
  });

  it('appends and reads across repeated SIGKILL + restart: no crash, no loss, no duplicate', async () => {
    const nats = await startPrivateNats();
    servers.push(nats);
    const store = await openNatsEventStore({ servers: nats.url, stream: 'FAULTS', timeoutMs: 1000 });
    const acked = new Set<string>();
    const failures: unknown[] = [];
    let stop = false;
    try {
      const writers = Array.from({ length: 3 }, (_, w) =>
        (async () => {
          for (let k = 0; !stop; k++) {
            const marker = `w${w}k${k}`;
            try {
              await store.append([
                { entityId: `agg-${w}`, timestamp: 1000 + k, payload: { marker, i: 0 } },
                { entityId: `agg-${w}`, timestamp: 1000 + k, payload: { marker, i: 1 } },
              ]);
              acked.add(marker);
            } catch (e) {
              failures.push(e);
            }
            await sleep(5);
          }
        })(),
      );
      for (let round = 0; round < 3; round++) {
        await sleep(300);
        const before = acked.size;
        await nats.kill();
        await sleep(400);
        await nats.start();
        const until = Date.now() + 15_000;
        while (acked.size <= before + 3 && Date.now() < until) await sleep(50);
        expect(acked.size, `round ${round}: appends resume after the restart`).toBeGreaterThan(before + 3);
      }
      stop = true;
      await Promise.all(writers);
      for (const f of failures) expect(f).toBeInstanceOf(StoreUnavailableError);
      const all = await store.readAll<{ marker: string; i: number }>();
      const count = new Map<string, number>();
      for (const e of all)
        count.set(
          `${e.payload.marker}/${e.payload.i}`,
          (count.get(`${e.payload.marker}/${e.payload.i}`) ?? 0) + 1,
        );
      for (const m of acked) {
        expect(count.get(`${m}/0`), m).toBe(1);
        expect(count.get(`${m}/1`), m).toBe(1);
      }
      for (const [k, n] of count) expect(n, `${k} stored once`).toBe(1);
      expect(acked.size).toBeGreaterThan(20);
      console.info(
        `[nats-faults] 3 SIGKILL + restart rounds; ${acked.size} batches acknowledged, each stored once; ${failures.length} typed failures`,
      );
      const agg = await store.readAggregate('agg-0');
      expect(agg.length).toBeGreaterThan(0);
    } finally {
      stop = true;
      await store.close();
    }
  }, 60_000);

  it('while the server stays down, appends and reads fail with StoreUnavailableError; after restart they work', async () => {
    const nats = await startPrivateNats();
    servers.push(nats);
    const store = await openNatsEventStore({
      servers: nats.url,
      stream: 'DOWN',
      timeoutMs: 500,
      retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 100 },
    });
    try {
      await store.append({ entityId: 'a', timestamp: 1, payload: { n: 1 } });
      await nats.kill();
      const down = await store.append({ entityId: 'a', timestamp: 2, payload: { n: 2 } }).catch((e) => e);
      expect(down).toBeInstanceOf(StoreUnavailableError);
      expect((down as StoreUnavailableError).message).toMatch(/NATS event store is unavailable/);
      await expect(store.readAggregate('a')).rejects.toBeInstanceOf(StoreUnavailableError);
      await nats.start();
      // the client reconnects by itself; until it has, appends fail cleanly (typed)
      const until = Date.now() + 15_000;
      for (;;) {
        const r = await store.append({ entityId: 'a', timestamp: 3, payload: { n: 3 } }).catch((e) => e);
        if (!(r instanceof Error)) break;
        expect(r).toBeInstanceOf(StoreUnavailableError);
        expect(Date.now()).toBeLessThan(until);
      }
      const ns = (await store.readAggregate<{ n: number }>('a')).map((e) => e.payload.n);
      expect(ns[0]).toBe(1);
      expect(ns.at(-1)).toBe(3);
      // the append that failed while the server was down is stored at most once
      expect(ns.filter((n) => n === 2).length).toBeLessThanOrEqual(1);
    } finally {
      await store.close();
    }
  }, 60_000);
});
