/**
 * Files 0600 in a 0700 data dir, whatever the umask (here the usual 022): the SQLite database and
 * its -wal / -shm files, the job store and its -wal / -shm, the key file, the admin token, the log
 * file and the lock file. An existing data dir made 0755 with 0644 files by an older version is
 * tightened; a folder that is not an autolearn data dir keeps its mode.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from '../catalog/registry.js';
import { registerTiny } from '../catalog/test-utils/tiny.js';
import { ensurePrivateDir } from '../eventsourcing/private-files.js';
import { rawSqlite } from '../eventsourcing/test-utils/backends.js';
import { resolveAdminToken } from '../server/admin-token.js';
import { createEngine } from '../server/engine.js';
import { createLogger, fileSink } from './logger.js';
import { makeRecord } from './test-utils/records.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-modes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

async function exercise(dir: string): Promise<Record<string, number>> {
  resolveAdminToken({ dataDir: dir, env: {} });
  const engine = await createEngine({
    dataDir: dir,
    poolSize: 1,
    env: {},
    registry: registerTiny(new Registry()),
    logger: createLogger({ sinks: [fileSink(join(dir, 'autolearn.log'))] }),
  });
  try {
    await engine.platform.repository.session.insert(makeRecord('1', 1));
    await engine.platform.service.catalog();
    engine.store.insert({
      token: 't',
      kind: 'train',
      state: 'done',
      created_at: 1,
      updated_at: 1,
      error: null,
    });
    createLogger({ sinks: [fileSink(join(dir, 'autolearn.log'))] }).error('TEST', 'modes', 'one line');
    // while everything is open (the -wal / -shm files exist)
    const modes: Record<string, number> = { '.': mode(dir) };
    for (const f of readdirSync(dir)) modes[f] = mode(join(dir, f));
    return modes;
  } finally {
    await engine.close(0);
  }
}

const EXPECTED = [
  'autolearn.db',
  'autolearn.db-wal',
  'autolearn.db-shm',
  'jobs.db',
  'jobs.db-wal',
  'jobs.db-shm',
  'secret-keys.json',
  'admin-token',
  'autolearn.log',
  'server.lock',
];

describe('data dir permissions', () => {
  it('a new data dir is 0700 and every file in it 0600 (umask 022)', async () => {
    expect(process.umask() & 0o077).not.toBe(0o077); // the umask alone would give 0644 files
    const dir = join(tmp, 'new', 'nested');
    const modes = await exercise(dir);
    expect(modes['.']).toBe(0o700);
    for (const f of EXPECTED) expect([f, modes[f]]).toEqual([f, 0o600]);
    for (const [f, m] of Object.entries(modes)) if (f !== '.') expect([f, m]).toEqual([f, 0o600]);
  });

  it('an existing 0755 data dir with 0644 files is tightened', async () => {
    const dir = join(tmp, 'old');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    await rawSqlite(join(dir, 'autolearn.db'), 'CREATE TABLE legacy (x INTEGER)');
    writeFileSync(join(dir, 'autolearn.log'), 'old line\n', { mode: 0o644 });
    chmodSync(join(dir, 'autolearn.db'), 0o644);
    chmodSync(join(dir, 'autolearn.log'), 0o644);
    const modes = await exercise(dir);
    expect(modes['.']).toBe(0o700);
    for (const f of EXPECTED) expect([f, modes[f]]).toEqual([f, 0o600]);
  });

  it('a folder that is not an autolearn data dir (or a sticky shared one) keeps its mode', () => {
    const shared = join(tmp, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    writeFileSync(join(shared, 'notes.txt'), 'mine');
    ensurePrivateDir(shared);
    expect(mode(shared)).toBe(0o755);
    const sticky = join(tmp, 'sticky');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    ensurePrivateDir(sticky);
    expect(statSync(sticky).mode & 0o7777).toBe(0o1777);
    expect(existsSync(sticky)).toBe(true);
  });
});
