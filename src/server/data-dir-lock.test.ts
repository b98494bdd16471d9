/**
 * A data dir is locked by the process that owns it: a second, real process (child_process) gets a
 * DataDirLockedError naming the owner's pid and telling the user to pass --server URL, and changes
 * nothing (the owner's running job stays running: recovery runs only for the lock owner). Even a
 * read-only CLI command (`autolearn sessions`) on a live server's data dir is refused. A lock left by
 * a SIGKILLed owner is stale and taken over, and the new owner recovers the dead one's jobs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE } from './data-dir-lock.js';
import { JobStore, RESTART_FAILURE } from './job-store.js';

const tmp = mkdtempSync(join(tmpdir(), 'al-lock-'));
let n = 0;
const dir = () => join(tmp, `d${++n}`);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const child = fileURLToPath(new URL('./test-utils/lock-child.ts', import.meta.url));
const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d));
    c.stderr.on('data', (d: Buffer) => (err += d));
    c.on('exit', (code) => resolve({ code, out, err }));
  });
}

function hold(d: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', child, 'hold', d], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    c.stdout?.on('data', (x: Buffer) => {
      out += x;
      if (out.includes('ready')) resolve(c);
    });
    c.stderr?.on('data', (x: Buffer) => (err += x));
    c.on('exit', (code) => reject(new Error(`holder exited ${code}: ${out} ${err}`)));
  });
}

describe('data dir lock', () => {
  it('a second process gets DataDirLockedError naming the owner pid; the owner keeps its running job', async () => {
    const d = dir();
    const owner = await JobStore.open(d, () => 1000);
    try {
      owner.insert({
        token: 'live',
        kind: 'train',
        state: 'running',
        created_at: 1,
        updated_at: 1,
        error: null,
      });
      const r = await run([child, 'open', d]);
      expect(r.code, r.err).toBe(3);
      const got = JSON.parse(r.out) as { name: string; code: string; pid: number; message: string };
      expect(got.name).toBe('DataDirLockedError');
      expect(got.code).toBe('E_DATA_DIR_LOCKED');
      expect(got.pid).toBe(process.pid);
      expect(got.message).toContain(`autolearn process ${process.pid}`);
      expect(got.message).toContain('--server');
      expect(owner.get('live')).toMatchObject({ state: 'running', error: null });
    } finally {
      owner.close();
    }
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    // released: another process may now own it (and recovers the job left running)
    const r = await run([child, 'open', d]);
    expect(JSON.parse(r.out)).toEqual({ ok: true });
    const again = await JobStore.open(d);
    expect(again.get('live')).toMatchObject({ state: 'failed', error: RESTART_FAILURE });
    again.close();
  }, 60_000);

  it('`autolearn sessions` on a live owner`s data dir is refused with the --server hint and changes nothing', async () => {
    const d = dir();
    const owner = await JobStore.open(d);
    try {
      owner.insert({
        token: 'live',
        kind: 'train',
        state: 'running',
        created_at: 1,
        updated_at: 1,
        error: null,
      });
      const r = await run([cli, 'sessions', '--data-dir', d]);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(`in use by autolearn process ${process.pid}`);
      expect(r.err).toContain('--server');
      expect(owner.get('live')).toMatchObject({ state: 'running', error: null });
    } finally {
      owner.close();
    }
  }, 60_000);

  it('a lock left by a SIGKILLed owner is stale: the next process takes it and recovers the dead one`s jobs', async () => {
    const d = dir();
    const c = await hold(d);
    // while the child lives, this process is refused
    await expect(JobStore.open(d)).rejects.toSatisfy(
      (e: unknown) => e instanceof DataDirLockedError && e.pid === c.pid,
    );
    await new Promise<void>((resolve) => {
      c.removeAllListeners('exit');
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
    expect(existsSync(join(d, LOCK_FILE))).toBe(true); // left behind by kill -9
    const store = await JobStore.open(d, () => 5000);
    try {
      expect(store.get('child-job')).toMatchObject({
        state: 'failed',
        error: RESTART_FAILURE,
        updated_at: 5000,
      });
    } finally {
      store.close();
    }
  }, 60_000);

  it('a second open in the same process is refused too', async () => {
    const d = dir();
    const a = await JobStore.open(d);
    try {
      await expect(JobStore.open(d)).rejects.toBeInstanceOf(DataDirLockedError);
    } finally {
      a.close();
    }
    const b = await JobStore.open(d);
    b.close();
  });
});
