/**
 * Key-file loss is detected and explained, never silently replaced: once the stores hold records,
 * a missing key file is a KeyFileMissingError (no new key file is written, the records stay), until
 * the user restores the file or opts in to a new key (newKey / AUTOLEARN_NEW_KEY=1), which makes the
 * old session ids invalid.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from '../catalog/registry.js';
import { registerTiny } from '../catalog/test-utils/tiny.js';
import { createPlatform, type PlatformOptions } from './config.js';
import { InvalidTokenError } from './errors.js';
import { KeyFileMissingError } from './key-file-errors.js';
import { silentLogger } from './logger.js';
import { makeRecord } from './test-utils/records.js';
import { KEY_FILE } from './tokens.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-keyloss-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const open = (dataDir: string, extra: Partial<PlatformOptions> = {}) =>
  createPlatform({
    dataDir,
    registry: registerTiny(new Registry()),
    logger: silentLogger,
    env: {},
    ...extra,
  });

describe('key file loss', () => {
  it('a missing key file with records is a KeyFileMissingError; restoring the file brings the old ids back', async () => {
    const dir = join(tmp, 'restore');
    const p = await open(dir);
    await p.repository.session.insert(makeRecord('1700000000001', 1700000000001));
    await p.repository.session.insert(makeRecord('1700000000002', 1700000000002));
    await p.repository.save('1700000000002');
    const token = p.tokens.encrypt('1700000000001');
    await p.close();
    const keyFile = join(dir, KEY_FILE);
    copyFileSync(keyFile, join(tmp, 'backup.json'));
    unlinkSync(keyFile);

    const err = await open(dir).catch((e) => e);
    expect(err).toBeInstanceOf(KeyFileMissingError);
    expect(err).toMatchObject({ file: keyFile, records: 2, code: 'E_KEY_FILE_MISSING' });
    expect(err.message).toMatch(/restore the file/);
    expect(err.message).toMatch(/AUTOLEARN_NEW_KEY=1/);
    expect(existsSync(keyFile), 'no key was generated silently').toBe(false);

    copyFileSync(join(tmp, 'backup.json'), keyFile);
    const back = await open(dir);
    try {
      expect((await back.service.getSession(token)).created_at).toBe(1700000000001);
      expect(await back.repository.permanent.count()).toBe(1);
    } finally {
      await back.close();
    }
  });

  it('newKey (or AUTOLEARN_NEW_KEY=1) starts with a new key: the records stay, the old ids stop working', async () => {
    for (const [name, extra] of [
      ['option', { newKey: true }],
      ['env', { env: { AUTOLEARN_NEW_KEY: '1' } }],
    ] as const) {
      const dir = join(tmp, `new-${name}`);
      const p = await open(dir);
      await p.repository.session.insert(makeRecord('1700000000001', 1700000000001));
      const token = p.tokens.encrypt('1700000000001');
      const oldKeyId = p.tokens.currentKeyId;
      await p.close();
      unlinkSync(join(dir, KEY_FILE));
      const q = await open(dir, extra);
      try {
        expect(q.tokens.currentKeyId).not.toBe(oldKeyId);
        expect(JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8')).current).toBe(q.tokens.currentKeyId);
        expect(() => q.tokens.decrypt(token)).toThrow(InvalidTokenError);
        const views = await q.service.listSessions();
        expect(views.map((v) => v.created_at)).toEqual([1700000000001]);
        // the records are reachable again with ids made by the new key
        expect((await q.service.getSession(views[0]!.token)).created_at).toBe(1700000000001);
      } finally {
        await q.close();
      }
    }
  });

  it('a first run (no records) still generates the key file; a key given by env needs no file', async () => {
    const dir = join(tmp, 'fresh');
    const p = await open(dir);
    await p.close();
    expect(existsSync(join(dir, KEY_FILE))).toBe(true);
    // records and no file, but the key comes from the environment: nothing is missing
    const env = join(tmp, 'env');
    const key = Buffer.alloc(32, 7).toString('base64');
    const a = await open(env, { env: { AUTOLEARN_SECRET_KEY: key } });
    await a.repository.session.insert(makeRecord('1', 1));
    await a.close();
    const b = await open(env, { env: { AUTOLEARN_SECRET_KEY: key } });
    await b.close();
    expect(existsSync(join(env, KEY_FILE))).toBe(false);
  });
});
