/**
 * Accounts over HTTP against a real server on 127.0.0.1: two users cannot see or touch each other's
 * sessions, jobs, checkpoints or experiments (404, like a missing record); revoked keys get 401; a user
 * on admin routes gets 403; a foreign Host header is rejected (DNS rebinding); CORS preflight is
 * allowed only for a configured origin; API keys are stored only hashed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';
import { irisRequest, slowRequest } from './test-utils/requests.js';

const ORIGIN = 'https://app.example';
let dir: string;
let server: AutolearnServer;
let base: string;
let port: number;
const keys: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-accounts-'));
  server = await createServer({
    dataDir: dir,
    poolSize: 2,
    logger: silentLogger,
    env: {},
    corsOrigins: [ORIGIN],
    allowedHosts: ['autolearn.internal'],
  });
  base = await server.listen(0);
  port = Number(new URL(base).port);
  keys.admin = server.adminToken;
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dir, { recursive: true, force: true });
});

async function call(key: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** A raw HTTP/1.1 request with any Host header (or none), which fetch does not allow. */
function raw(
  path: string,
  headers: Record<string, string>,
  options: { setHost?: boolean; method?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers,
        setHost: options.setHost ?? true,
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function waitDone(key: string, token: string) {
  const end = Date.now() + 30_000;
  for (;;) {
    const r = await call(key, 'GET', `/train/${token}`);
    if (r.status !== 200 || !['queued', 'running'].includes(r.body.state)) return r;
    if (Date.now() > end) throw new Error(`job still ${r.body.state}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('accounts over HTTP', () => {
  it('an admin creates users; each key is shown once; listing never shows keys', async () => {
    for (const name of ['alice', 'bob']) {
      const r = await call(keys.admin!, 'POST', '/admin/users', { name });
      expect(r.status).toBe(201);
      expect(r.body.user).toMatchObject({ name, role: 'user', revoked_at: null });
      keys[name] = r.body.api_key;
    }
    expect((await call(keys.admin!, 'POST', '/admin/users', { name: 'alice' })).status).toBe(409);
    expect((await call(keys.admin!, 'POST', '/admin/users', { name: 'bad name' })).status).toBe(400);
    expect((await call(keys.admin!, 'POST', '/admin/users', { name: 'x', role: 'root' })).status).toBe(400);
    const list = await call(keys.admin!, 'GET', '/admin/users');
    expect(list.status).toBe(200);
    expect(list.body.map((u: { name: string }) => u.name)).toEqual(['admin', 'alice', 'bob']);
    expect(JSON.stringify(list.body)).not.toContain(keys.alice!);
    // a user may not manage users
    expect((await call(keys.alice!, 'GET', '/admin/users')).status).toBe(403);
    expect((await call(keys.alice!, 'POST', '/admin/users', { name: 'mallory' })).status).toBe(403);
    expect((await call(keys.alice!, 'DELETE', '/admin/users/bob')).status).toBe(403);
  });

  it("two users cannot see or touch each other's sessions, jobs, checkpoints or experiments: 404", async () => {
    const alice = keys.alice!;
    const bob = keys.bob!;
    const ta = await call(alice, 'POST', '/train', irisRequest('GaussianNB', undefined, undefined, [], 1));
    const tb = await call(bob, 'POST', '/train', irisRequest('GaussianNB', undefined, undefined, [], 2));
    expect([ta.status, tb.status]).toEqual([202, 202]);
    const a: string = ta.body.token;
    const b: string = tb.body.token;
    expect((await waitDone(alice, a)).body.state).toBe('done');
    expect((await waitDone(bob, b)).body.state).toBe('done');

    // what a record that does not exist answers: the same error, so existence does not leak
    const ghost = server.platform.tokens.encrypt('424242');
    const missing = await call(bob, 'GET', `/sessions/${ghost}`);
    expect(missing.status).toBe(404);

    for (const [method, path] of [
      ['GET', `/train/${a}`],
      ['GET', `/train/${a}/events`],
      ['POST', `/train/${a}/cancel`],
      ['GET', `/sessions/${a}`], // the checkpoint
      ['POST', `/sessions/${a}/evaluate`],
      ['POST', `/sessions/${a}/save`],
    ] as const) {
      const r = await call(bob, method, path);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error).toBe('not_found');
      expect(JSON.stringify(r.body)).not.toContain('checkpoint');
      if (path.startsWith('/sessions/')) expect(r.body.message).toBe(missing.body.message.replace(ghost, a));
    }
    // lists: each sees only its own; the admin sees both
    const tokensIn = (r: { body: { created_at: number }[] }) => r.body.map((x) => x.created_at);
    expect(tokensIn(await call(bob, 'GET', '/sessions'))).toEqual([tb.body.created_at]);
    expect(tokensIn(await call(alice, 'GET', '/sessions'))).toEqual([ta.body.created_at]);
    expect(tokensIn(await call(keys.admin!, 'GET', '/sessions'))).toEqual(
      expect.arrayContaining([ta.body.created_at, tb.body.created_at]),
    );

    // alice's record is untouched by bob's attempts; alice can use it
    const mine = await call(alice, 'GET', `/sessions/${a}`);
    expect(mine.status).toBe(200);
    expect(mine.body.eval_data).toEqual([]);
    expect(JSON.parse(mine.body.checkpoint).model).toBe('GaussianNB');
    expect((await call(alice, 'POST', `/sessions/${a}/evaluate`)).status).toBe(200);
    expect((await call(alice, 'POST', `/sessions/${a}/save`)).status).toBe(200);
    expect(tokensIn(await call(alice, 'GET', '/experiments'))).toEqual([ta.body.created_at]);
    expect(await (await call(bob, 'GET', '/experiments')).body).toEqual([]);
    expect(tokensIn(await call(keys.admin!, 'GET', '/experiments'))).toContain(ta.body.created_at);
    // bob's own record works for bob, not for alice
    expect((await call(alice, 'POST', `/sessions/${b}/evaluate`)).status).toBe(404);
    expect((await call(bob, 'POST', `/sessions/${b}/evaluate`)).status).toBe(200);
    // the admin may act on anyone's record
    expect((await call(keys.admin!, 'GET', `/sessions/${b}`)).status).toBe(200);
  });

  it("a user cannot cancel another user's running job", async () => {
    const t = await call(keys.alice!, 'POST', '/train', slowRequest(7));
    expect(t.status).toBe(202);
    expect((await call(keys.bob!, 'POST', `/train/${t.body.token}/cancel`)).status).toBe(404);
    const s = await call(keys.alice!, 'GET', `/train/${t.body.token}`);
    expect(['queued', 'running']).toContain(s.body.state);
    expect((await call(keys.alice!, 'POST', `/train/${t.body.token}/cancel`)).body.state).toBe('cancelled');
  });

  it('401 without a key, with a bad key, and with a revoked key; 403 for a user on /admin/logs', async () => {
    const none = await call(null, 'GET', '/sessions');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call('al_000000000000_nope', 'GET', '/sessions')).status).toBe(401);
    expect((await call(`${keys.bob!}x`, 'GET', '/catalog')).status).toBe(401);
    const raw401 = await raw('/sessions', {
      authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
    });
    expect(raw401.status).toBe(401);
    expect((await call(null, 'POST', '/train', irisRequest())).status).toBe(401);

    expect((await call(keys.bob!, 'GET', '/admin/logs')).status).toBe(403);
    expect((await call(keys.admin!, 'GET', '/admin/logs?service=catalog')).status).toBe(200);

    expect((await call(keys.bob!, 'GET', '/sessions')).status).toBe(200);
    const revoked = await call(keys.admin!, 'DELETE', '/admin/users/bob');
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).toBeGreaterThan(0);
    for (const [m, p] of [
      ['GET', '/sessions'],
      ['GET', '/catalog'],
      ['GET', '/experiments'],
    ] as const) {
      expect((await call(keys.bob!, m, p)).status, `${m} ${p}`).toBe(401);
    }
    expect((await call(keys.admin!, 'DELETE', '/admin/users/bob')).status).toBe(404);
    expect((await call(keys.admin!, 'DELETE', '/admin/users/admin')).status).toBe(400);
    // public routes stay public
    expect((await call(null, 'GET', '/health')).status).toBe(200);
    expect((await call(null, 'GET', '/openapi.json')).status).toBe(200);
  });

  it('rejects a Host header that is not allowed (DNS rebinding) with 421; accepts loopback names and configured hosts', async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      'LOCALHOST.',
      'autolearn.internal',
    ]) {
      const r = await raw('/sessions', { host, authorization: `Bearer ${keys.alice!}` });
      expect(r.status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      'attacker.localhost.evil',
      '127.0.0.1.evil.example',
      'a b',
      `[::2]:${port}`,
    ]) {
      const r = await raw('/sessions', { host, authorization: `Bearer ${keys.alice!}` });
      expect(r.status, host).toBe(421);
      expect(JSON.parse(r.body).error).toBe('misdirected_request');
      // also for public routes: nothing is served to a rebinding page
      expect((await raw('/health', { host })).status).toBe(421);
    }
    expect((await raw('/health', {}, { setHost: false })).status).toBe(400);
  });

  it('CORS: preflight succeeds only for the configured origin; actual responses carry the header only for it', async () => {
    const preflight = (origin: string) =>
      raw(
        '/sessions',
        {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
        { method: 'OPTIONS' },
      );
    const ok = await preflight(ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(ok.headers['access-control-allow-headers'])).toMatch(/authorization/i);
    const evil = await preflight('https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const get = await raw('/sessions', { origin: ORIGIN, authorization: `Bearer ${keys.alice!}` });
    expect(get.status).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBe(ORIGIN);
    const getEvil = await raw('/sessions', {
      origin: 'https://evil.example',
      authorization: `Bearer ${keys.alice!}`,
    });
    expect(getEvil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('API keys are never stored in clear: only their SHA-256 is in the database file', async () => {
    const { default: Database } = await import('better-sqlite3');
    const file = join(dir, 'autolearn.db');
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT * FROM autolearn_users').all() as { name: string; key_hash: string }[];
    db.close();
    const bytes = [file, `${file}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    for (const name of ['alice', 'bob', 'admin']) {
      const key = keys[name]!;
      const row = rows.find((r) => r.name === name);
      expect(row?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(key);
      expect(bytes).not.toContain(key);
      expect(bytes).not.toContain(key.slice(-30));
    }
  });

  it('the OpenAPI document declares the bearer scheme, per-route security and 401 / 403 / 421 answers', async () => {
    const doc = (await call(null, 'GET', '/openapi.json')).body as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, method] of [
      ['/sessions', 'get'],
      ['/sessions/{token}', 'get'],
      ['/train', 'post'],
      ['/catalog', 'get'],
      ['/admin/users', 'post'],
    ] as const) {
      const op = doc.paths[path]![method]!;
      expect(op.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '421']));
    }
    for (const [path, method] of [
      ['/admin/logs', 'get'],
      ['/admin/users', 'get'],
      ['/admin/users/{name}', 'delete'],
    ] as const) {
      expect(Object.keys(doc.paths[path]![method]!.responses)).toContain('403');
    }
    expect(doc.paths['/health']!.get!.security).toBeUndefined();
    expect(Object.keys(doc.paths['/health']!.get!.responses)).not.toContain('401');
  });
});

describe('bootstrap key and CORS off by default', () => {
  let other: AutolearnServer;
  let url: string;
  const KEY = 'env-admin-key-0123456789abcdef';
  beforeAll(async () => {
    other = await createServer({
      dataDir: join(dir, 'other'),
      poolSize: 1,
      logger: silentLogger,
      env: { AUTOLEARN_ADMIN_TOKEN: KEY },
    });
    url = await other.listen(0);
  });
  afterAll(async () => {
    await other?.close(0);
  });

  it('AUTOLEARN_ADMIN_TOKEN is the bootstrap admin key; no CORS headers on a preflight', async () => {
    const ok = await fetch(`${url}/admin/logs`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(ok.status).toBe(200);
    // the admin-token file of another data dir is not a key here
    const wrong = await fetch(`${url}/sessions`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(wrong.status).toBe(401);
    const pre = await fetch(`${url}/sessions`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.status).toBe(404);
  });
});
