/**
 * Owner-only permissions for everything autolearn writes to its data dir: folders 0700, files
 * 0600 (the SQLite databases and their -wal / -shm files, the key file, the admin token, logs, the
 * job store). Modes are set explicitly, whatever the process umask.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Files whose presence marks a folder as an autolearn data dir. */
const DATA_DIR_MARKERS = [
  'autolearn.db',
  'jobs.db',
  'secret-keys.json',
  'server.lock',
  'admin-token',
  'autolearn.log',
];

/**
 * Creates `dir` (and missing parents) as 0700. An existing folder is tightened to 0700 only when it
 * is an autolearn data dir (empty, or holding autolearn's files) and not a shared sticky folder such
 * as /tmp: pointing --data-dir at a shared folder never changes that folder's mode.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    const st = statSync(dir);
    if ((st.mode & 0o777) === PRIVATE_DIR_MODE || st.mode & 0o1000) return;
    const names = readdirSync(dir);
    if (names.length === 0 || names.some((n) => DATA_DIR_MARKERS.includes(n)))
      chmodSync(dir, PRIVATE_DIR_MODE);
  } catch {
    // not ours to change (another owner, read-only mount): the files themselves stay 0600
  }
}

/** Creates `file` empty as 0600 if missing (its folder 0700), and tightens an existing one to 0600. */
export function ensurePrivateFile(file: string, options: { privateParent?: boolean } = {}): void {
  const parent = dirname(file);
  if (options.privateParent ?? true) ensurePrivateDir(parent);
  else mkdirSync(parent, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file);
}

/** Sets 0600 on `file` when it exists and is not already. */
export function tighten(file: string): void {
  try {
    if ((statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // missing or not ours
  }
}
