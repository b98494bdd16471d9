/** Using a model is owned like the rest: another user's experiment answers 404 on every route. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';
import { irisRequest } from './test-utils/requests.js';

const ADMIN = 'inference-owner-admin-key-0123456789';
let dir: string;
let server: AutolearnServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-infer-owner-'));
  server = await createServer({
    dataDir: dir,
    poolSize: 2,
    logger: silentLogger,
    env: {},
    adminToken: ADMIN,
  });
  base = await server.listen(0);
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dir, { recursive: true, force: true });
});

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

it('a user gets 404 for predict, open and export of the admin’s session and experiment', async () => {
  const created = JSON.parse((await call(ADMIN, 'POST', '/admin/users', { name: 'eve' })).text);
  const eve = created.api_key as string;
  const t = JSON.parse((await call(ADMIN, 'POST', '/train', irisRequest('GaussianNB'))).text).token as string;
  await server.jobs.waitFor(t);
  const rows = { rows: [[5.1, 3.5, 1.4, 0.2]] };
  expect((await call(ADMIN, 'POST', `/sessions/${t}/predict`, rows)).status).toBe(200);
  const asEve = await call(eve, 'POST', `/sessions/${t}/predict`, rows);
  expect(asEve.status).toBe(404);

  expect((await call(ADMIN, 'POST', `/sessions/${t}/save`)).status).toBe(200);
  for (const [method, path, body] of [
    ['GET', `/experiments/${t}`],
    ['GET', `/experiments/${t}/model`],
    ['GET', `/experiments/${t}/model?format=onnx`],
    ['POST', `/experiments/${t}/predict`, rows],
  ] as const) {
    const admin = await call(ADMIN, method, path, body);
    expect(admin.status, `${method} ${path} as admin`).toBe(200);
    const r = await call(eve, method, path, body);
    expect(r.status, `${method} ${path} as another user`).toBe(404);
    expect(r.text).not.toContain('GaussianNB');
  }
  // the admin's cached model is not served to eve either (the cache checks the owner)
  expect((await call(eve, 'POST', `/experiments/${t}/predict`, rows)).status).toBe(404);
});
