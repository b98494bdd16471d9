/**
 * The bootstrap admin's API key: from the config, else AUTOLEARN_ADMIN_TOKEN, else the file
 * `<dataDir>/admin-token` (32 random bytes generated on first use, mode 0600). The server stores its
 * SHA-256 as the key of the `admin` user; the local CLI reads the file to talk to a local server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_ENV = 'AUTOLEARN_ADMIN_TOKEN';
export const ADMIN_TOKEN_FILE = 'admin-token';

export interface AdminTokenOptions {
  readonly token?: string;
  readonly dataDir: string;
  readonly env?: Record<string, string | undefined>;
}

/**
 * The admin token of a server: the one given, else $AUTOLEARN_ADMIN_TOKEN, else the one stored in
 * `<dataDir>/admin-token` (generated there with mode 0600 on first use).
 *
 * @example
 * ```ts
 * import { resolveAdminToken } from 'autolearn/server';
 *
 * console.log(resolveAdminToken({ dataDir: '/tmp/autolearn-example', token: 's3cret' })); // 's3cret'
 * ```
 */
export function resolveAdminToken(options: AdminTokenOptions): string {
  const given = options.token ?? (options.env ?? process.env)[ADMIN_TOKEN_ENV];
  if (given?.trim()) return given.trim();
  const file = join(options.dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(options.dataDir, { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return token;
}

/** The admin key file's content when the file exists (never creates it). */
export function readAdminTokenFile(dataDir: string): string | null {
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (!existsSync(file)) return null;
  const token = readFileSync(file, 'utf8').trim();
  return token || null;
}

/**
 * Constant-time comparison of a presented token with the expected one.
 *
 * @example
 * ```ts
 * import { tokenMatches } from 'autolearn/server';
 *
 * console.log(tokenMatches('s3cret', 's3cret'), tokenMatches('guess', 's3cret')); // true false
 * ```
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
