/**
 * The data dir belongs to one process at a time: `<dataDir>/server.lock` is created with O_EXCL
 * (mode 0600) and holds the owner's pid and host. A second process gets a DataDirLockedError naming
 * that pid; a lock whose pid is no longer alive (kill -9, crash) is stale and taken over, under a
 * mkdir guard so that two processes starting at once cannot both take it.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { AutolearnError } from '../core/errors.js';
import { ensurePrivateDir } from '../eventsourcing/private-files.js';

export const LOCK_FILE = 'server.lock';

/** Another live process owns the data dir. */
export class DataDirLockedError extends AutolearnError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly host: string,
    readonly lockFile: string,
  ) {
    super(
      'E_DATA_DIR_LOCKED',
      `data dir ${dataDir} is in use by autolearn process ${pid}${host === hostname() ? '' : ` on host ${host}`} (lock file ${lockFile}). ` +
        'Only the process that owns a data dir may write to it: talk to that server instead, e.g. ' +
        '`autolearn sessions --server http://127.0.0.1:8080` (pass --server URL to every command), ' +
        `or stop it first. If no such process is running any more, delete ${lockFile}.`,
    );
  }
}

interface LockBody {
  pid: number;
  host: string;
  nonce: string;
  started: string;
}

/** Data dirs locked by this process (a second open in the same process is refused as well). */
const held = new Map<string, string>();

export interface DataDirLock {
  readonly file: string;
  readonly pid: number;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  ensurePrivateDir(dir);
  const file = join(dir, LOCK_FILE);
  const body: LockBody = {
    pid: process.pid,
    host: hostname(),
    nonce: randomUUID(),
    started: new Date().toISOString(),
  };
  const text = `${JSON.stringify(body)}\n`;
  const deadline = Date.now() + 3000;
  for (;;) {
    if (tryCreate(file, text)) break;
    const owner = readOwner(file);
    if (owner === 'gone') continue; // released meanwhile: try again
    if (owner !== 'unreadable' && isAlive(owner, dir))
      throw new DataDirLockedError(dir, owner.pid, owner.host, file);
    takeOver(dir, file, owner);
    if (Date.now() > deadline) {
      const o = readOwner(file);
      if (typeof o === 'object') throw new DataDirLockedError(dir, o.pid, o.host, file);
      throw new DataDirLockedError(dir, -1, 'unknown', file);
    }
  }
  held.set(dir, body.nonce);
  const onExit = () => removeIfOurs(file, body.nonce);
  process.once('exit', onExit);
  let released = false;
  return {
    file,
    pid: process.pid,
    release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      held.delete(dir);
      removeIfOurs(file, body.nonce);
    },
  };
}

function tryCreate(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The lock's owner, 'gone' when there is no lock file, 'unreadable' when it is not a lock body. */
function readOwner(file: string): (LockBody & { raw: string }) | 'gone' | 'unreadable' {
  // a writer may be between creating the file and writing it: give it a moment
  for (let i = 0; i < 5; i++) {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw e;
    }
    try {
      const b = JSON.parse(raw) as LockBody;
      if (Number.isSafeInteger(b.pid) && typeof b.host === 'string') return { ...b, raw };
    } catch {
      // partial write: retry below
    }
    sleepSync(20);
  }
  return 'unreadable';
}

function isAlive(owner: LockBody, dir: string): boolean {
  if (owner.host !== hostname()) return true; // cannot check another host's processes: assume alive
  if (owner.pid === process.pid) return held.get(dir) === owner.nonce; // else a reused pid
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a stale lock, unless another process replaced it meanwhile. */
function takeOver(dir: string, file: string, seen: (LockBody & { raw: string }) | 'unreadable'): void {
  const guard = join(dir, `${LOCK_FILE}.takeover`);
  try {
    mkdirSync(guard, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // another process is taking over; a guard left by a crashed one expires after 5 s
    try {
      if (Date.now() - statSync(guard).mtimeMs > 5000) rmdirSync(guard);
    } catch {
      // removed by its owner meanwhile
    }
    sleepSync(25);
    return;
  }
  try {
    let now: string | null = null;
    try {
      now = readFileSync(file, 'utf8');
    } catch {
      now = null;
    }
    const same = seen === 'unreadable' ? now !== null && !isLockBody(now) : now === seen.raw;
    if (same) unlinkSync(file);
  } finally {
    rmdirSync(guard);
  }
}

function isLockBody(raw: string): boolean {
  try {
    return Number.isSafeInteger((JSON.parse(raw) as LockBody).pid);
  } catch {
    return false;
  }
}

function removeIfOurs(file: string, nonce: string): void {
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as LockBody).nonce === nonce) unlinkSync(file);
  } catch {
    // already gone or replaced: nothing of ours to remove
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
