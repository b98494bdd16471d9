/**
 * `autolearn admin users ...` in-process (on the data dir's account store) and against a server
 * (admin routes), and where the CLI finds its API key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AutolearnServer, createServer } from '../server/app.js';
import { silentLogger } from '../services/logger.js';
import { type CliIo, run } from './run.js';
import { resolveApiKey } from './users.js';

let dir: string;
let serverDir: string;
let server: AutolearnServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-cli-users-'));
  serverDir = join(dir, 'server');
  server = await createServer({ dataDir: serverDir, poolSize: 1, logger: silentLogger, env: {} });
  base = await server.listen(0);
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        f(String(chunk));
        cb();
      },
    });
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    env,
    cwd: dir,
  };
  const code = await run(args, io);
  return { code, out, err };
}

describe('autolearn admin users', () => {
  it('against a server: create (key printed once), use the key, list, revoke -> 401', async () => {
    const S = ['--server', base, '--data-dir', serverDir]; // the admin key comes from the data dir's file
    const created = await cli(['admin', 'users', 'create', 'dave', ...S, '--json']);
    expect(created.code, created.err).toBe(0);
    const { api_key: key, user } = JSON.parse(created.out);
    expect(user).toMatchObject({ name: 'dave', role: 'user' });
    expect(key).toMatch(/^al_/);
    const text = await cli(['admin', 'users', 'create', 'erin', '--admin', ...S]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/created admin 'erin'/);
    expect(text.out).toMatch(/shown only now/);
    expect(text.out).toMatch(/^al_[0-9a-f]{12}_\S{43}$/m);

    const mine = await cli(['sessions', '--server', base, '--api-key', key, '--json']);
    expect(mine.code, mine.err).toBe(0);
    expect(JSON.parse(mine.out)).toEqual([]);
    const viaEnv = await cli(['sessions', '--server', base, '--json'], { AUTOLEARN_API_KEY: key });
    expect(viaEnv.code, viaEnv.err).toBe(0);
    const logs = await cli(['admin', 'logs', '--server', base, '--api-key', key]);
    expect(logs.code).toBe(2);
    expect(logs.err).toMatch(/403/);
    const asUser = await cli(['admin', 'users', 'list', '--server', base, '--api-key', key]);
    expect(asUser.code).toBe(2);
    expect(asUser.err).toMatch(/403/);

    const list = await cli(['admin', 'users', 'list', ...S]);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^name\s+role\s+key id\s+created\s+status$/m);
    expect(list.out).toMatch(/^dave\s+user\s+[0-9a-f]{12}\s+\S+\s+active$/m);
    expect(list.out).not.toContain(key);

    const revoked = await cli(['admin', 'users', 'revoke', 'dave', ...S]);
    expect(revoked.code, revoked.err).toBe(0);
    const after = await cli(['sessions', '--server', base, '--api-key', key]);
    expect(after.code).toBe(2);
    expect(after.err).toMatch(/401/);
    expect((await cli(['admin', 'users', 'revoke', 'dave', ...S])).code).toBe(2);
    // no key at all
    const none = await cli(['sessions', '--server', base, '--data-dir', join(dir, 'empty')]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/API key is required/);
  });

  it('in-process: manages the data dir account store that a server on that dir then uses', async () => {
    const local = join(dir, 'local');
    const c = await cli(['admin', 'users', 'create', 'carol', '--data-dir', local, '--json']);
    expect(c.code, c.err).toBe(0);
    const key: string = JSON.parse(c.out).api_key;
    const s = await createServer({ dataDir: local, poolSize: 1, logger: silentLogger, env: {} });
    try {
      const url = await s.listen(0);
      const ok = await fetch(`${url}/sessions`, { headers: { authorization: `Bearer ${key}` } });
      expect(ok.status).toBe(200);
      expect((await cli(['admin', 'users', 'revoke', 'carol', '--data-dir', local])).code).toBe(0);
      // revoked through the file while the server runs: refused at once
      const denied = await fetch(`${url}/sessions`, { headers: { authorization: `Bearer ${key}` } });
      expect(denied.status).toBe(401);
    } finally {
      await s.close(0);
    }
    const bad = await cli(['admin', 'users', 'create', 'no spaces', '--data-dir', local]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/user name/);
    expect((await cli(['admin', 'users', 'frob', '--data-dir', local])).code).toBe(2);
    expect((await cli(['admin', 'users', 'create', '--data-dir', local])).code).toBe(2);
  });

  it('API key sources: --api-key, AUTOLEARN_API_KEY, --admin-token, AUTOLEARN_ADMIN_TOKEN, the data dir file', () => {
    const env = { AUTOLEARN_API_KEY: 'env-key', AUTOLEARN_ADMIN_TOKEN: 'env-admin' };
    expect(resolveApiKey({ apiKey: 'flag', adminToken: 'tok', env, dataDir: serverDir })).toBe('flag');
    expect(resolveApiKey({ adminToken: 'tok', env, dataDir: serverDir })).toBe('env-key');
    expect(resolveApiKey({ adminToken: 'tok', env: {}, dataDir: serverDir })).toBe('tok');
    expect(resolveApiKey({ env: { AUTOLEARN_ADMIN_TOKEN: 'env-admin' }, dataDir: serverDir })).toBe(
      'env-admin',
    );
    expect(resolveApiKey({ env: {}, dataDir: serverDir })).toBe(server.adminToken);
    expect(resolveApiKey({ env: {}, dataDir: join(dir, 'nothing-here') })).toBeUndefined();
  });
});
