/**
 * API keys: `al_<key id>_<secret>`, the secret 32 random bytes (node:crypto), the key id 6 random
 * bytes in hex used to find the user without comparing secrets in SQL. Stored: SHA-256 of the whole
 * key (the key is high-entropy, so a fast hash is enough); compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_RE = /^al_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;
/** Key id of the bootstrap admin, whose key (admin-token file / AUTOLEARN_ADMIN_TOKEN) has any form. */
export const BOOTSTRAP_KEY_ID = 'bootstrap';
/** Longest presented key looked at (a longer header is rejected before hashing). */
export const MAX_KEY_CHARS = 512;

export interface NewKey {
  readonly key: string;
  readonly keyId: string;
  readonly hash: string;
}

export function generateApiKey(): NewKey {
  const keyId = randomBytes(6).toString('hex');
  const key = `al_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { key, keyId, hash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The key id a presented key claims: its own for generated keys, else the bootstrap admin's. */
export function keyIdOf(presented: string): string {
  return KEY_RE.exec(presented)?.[1] ?? BOOTSTRAP_KEY_ID;
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}
