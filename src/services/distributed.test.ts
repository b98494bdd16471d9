/**
 * The same facade on the distributed adapters, chosen by configuration strings only:
 * stores on PostgreSQL (`postgres://...?schema=`), events on NATS JetStream (`nats://...?stream=`)
 * or on PostgreSQL. Skips loudly when a server is unreachable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from '../catalog/registry.js';
import { registerTiny, tinyRequest } from '../catalog/test-utils/tiny.js';
import { dropPgSchema, probeNats, probePostgres, uniqueName } from '../eventsourcing/test-utils/backends.js';
import { createPlatform } from './config.js';
import { createLogger } from './logger.js';
import { FLOWS, flowLine } from './test-utils/flow.js';
import { generateKey } from './tokens.js';

const pg = await probePostgres();
const nats = await probeNats();
if (!pg.url)
  console.warn(`[autolearn] SKIPPING distributed platform test: PostgreSQL unreachable (${pg.reason})`);
if (!nats.url)
  console.warn(`[autolearn] SKIPPING distributed platform test on NATS: unreachable (${nats.reason})`);

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-dist-'));
const schemas: string[] = [];
const streams: string[] = [];
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  if (pg.url) for (const s of schemas) await dropPgSchema(pg.url, s);
  if (nats.url && streams.length) {
    const n = await import('nats');
    const nc = await n.connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    for (const s of streams) await jsm.streams.delete(s).catch(() => {});
    await nc.close();
  }
});

async function lifeCycle(store: string, events: string) {
  const p = await createPlatform({
    dataDir: tmp,
    store,
    events,
    registry: registerTiny(new Registry()),
    workerSetup: new URL('./test-utils/tiny-setup.ts', import.meta.url),
    logger: createLogger({ sinks: [] }),
    secretKey: generateKey().key.toString('base64'),
  });
  try {
    expect(p.repository.kind).toBe('postgres');
    const { token } = await p.service.train(tinyRequest());
    await p.service.evaluate(token);
    await p.service.save(token);
    expect((await p.service.listExperiments()).map((e) => e.status)).toEqual(['saved']);
    expect((await p.service.log()).map(flowLine)).toEqual([
      ...FLOWS.trainAccepted,
      ...FLOWS.evaluateAccepted,
      ...FLOWS.save,
      ...FLOWS.viewExperiments,
    ]);
    return p.events.kind;
  } finally {
    await p.close();
  }
}

describe.skipIf(!pg.url)('platform on PostgreSQL', () => {
  it('stores and events on PostgreSQL', async () => {
    const schema = uniqueName('autolearn_dist').toLowerCase();
    schemas.push(schema);
    expect(await lifeCycle(`${pg.url}?schema=${schema}`, `${pg.url}?schema=${schema}`)).toBe('postgres');
  });

  it.skipIf(!nats.url)('stores on PostgreSQL, events on NATS JetStream', async () => {
    const schema = uniqueName('autolearn_dist').toLowerCase();
    const stream = uniqueName('AUTOLEARN_DIST');
    schemas.push(schema);
    streams.push(stream);
    expect(
      await lifeCycle(
        `${pg.url}?schema=${schema}`,
        `${nats.url}?stream=${stream}&prefix=autolearn_dist.${stream}`,
      ),
    ).toBe('nats');
  });
});
