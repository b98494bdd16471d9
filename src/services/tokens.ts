/**
 * Session-id tokens: AES-256-GCM authenticated encryption (node:crypto). A token is URL-safe
 * base64 of `version(1) | keyId(4) | iv(12) | ciphertext | tag(16)`; version and key id are
 * authenticated as associated data. Tampered, truncated, forged or other-key tokens are rejected with
 * InvalidTokenError, never decrypted to garbage. Key rotation: new tokens use the current key, old
 * tokens still decrypt with any key kept in the ring (the key id in the token picks it).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, InvalidTokenError } from './errors.js';

const VERSION = 1;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + KEY_ID_BYTES;
const MIN_BYTES = HEADER + IV_BYTES + TAG_BYTES;
const MAX_TOKEN_CHARS = 4096;

export interface SecretKey {
  /** 8 hex chars: the first 4 bytes of sha256(key). */
  readonly id: string;
  readonly key: Buffer;
}

/** Builds a key from 32 raw bytes or their base64 text. */
export function secretKey(material: Buffer | string): SecretKey {
  const key = typeof material === 'string' ? Buffer.from(material.trim(), 'base64') : Buffer.from(material);
  if (key.length !== 32) {
    throw new ConfigError(`an AES-256 key must be 32 bytes (base64 of 32 bytes), got ${key.length} bytes`);
  }
  return { id: createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES).toString('hex'), key };
}

/**
 * A fresh random AES-256 key for `SessionTokens` (32 bytes from the system's CSPRNG).
 *
 * @example
 * ```ts
 * import { generateKey, SessionTokens } from 'autolearn/services';
 *
 * const tokens = new SessionTokens([generateKey()]);
 * console.log(tokens.encrypt('id-1').length > 20);
 * ```
 */
export function generateKey(): SecretKey {
  return secretKey(randomBytes(32));
}

/**
 * Session ids travel as AES-256-GCM tokens: `encrypt` turns an id into an opaque URL-safe token,
 * `decrypt` checks and opens it (a tampered, truncated or foreign token is an `InvalidTokenError`).
 * Several keys allow rotation: the first encrypts, all decrypt.
 *
 * @example
 * ```ts
 * import { generateKey, SessionTokens } from 'autolearn/services';
 *
 * const tokens = new SessionTokens([generateKey()]);
 * const token = tokens.encrypt('session-42');
 * console.log(token, tokens.decrypt(token)); // ..., 'session-42'
 * ```
 */
export class SessionTokens {
  private readonly byId = new Map<string, SecretKey>();
  private current: SecretKey;

  /** `keys[0]` encrypts; every key decrypts tokens made with it. */
  constructor(keys: readonly SecretKey[]) {
    if (keys.length === 0) throw new ConfigError('SessionTokens needs at least one key');
    for (const k of keys) this.byId.set(k.id, k);
    this.current = keys[0] as SecretKey;
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  /** Makes `key` the encryption key; older keys keep decrypting. */
  rotate(key: SecretKey = generateKey()): SecretKey {
    this.byId.set(key.id, key);
    this.current = key;
    return key;
  }

  encrypt(sessionId: string): string {
    if (typeof sessionId !== 'string') throw new InvalidTokenError('a session id must be a string');
    const header = Buffer.alloc(HEADER);
    header[0] = VERSION;
    Buffer.from(this.current.id, 'hex').copy(header, 1);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(sessionId, 'utf8'), cipher.final()]);
    return Buffer.concat([header, iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  decrypt(token: unknown): string {
    if (typeof token !== 'string' || token.length === 0) throw new InvalidTokenError('not a token string');
    if (token.length > MAX_TOKEN_CHARS) throw new InvalidTokenError('token too long');
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new InvalidTokenError('not URL-safe base64');
    const raw = Buffer.from(token, 'base64url');
    // Non-canonical base64 (changed padding bits) decodes to the same bytes: reject it too.
    if (raw.toString('base64url') !== token) throw new InvalidTokenError('not canonical base64');
    if (raw.length < MIN_BYTES) throw new InvalidTokenError('truncated');
    if (raw[0] !== VERSION) throw new InvalidTokenError(`unknown token version ${raw[0]}`);
    const keyId = raw.subarray(1, HEADER).toString('hex');
    const key = this.byId.get(keyId);
    if (!key) throw new InvalidTokenError(`unknown key id ${keyId}`);
    const iv = raw.subarray(HEADER, HEADER + IV_BYTES);
    const body = raw.subarray(HEADER + IV_BYTES, raw.length - TAG_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(raw.subarray(0, HEADER));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(body), decipher.final()]);
      return new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch {
      throw new InvalidTokenError('authentication failed (tampered, forged or wrong key)');
    }
  }
}

// ---- key sources: config, env, or a generated key file ----

export const KEY_FILE = 'secret-keys.json';
export const KEY_ENV = 'AUTOLEARN_SECRET_KEY';

interface KeyFile {
  current: string;
  keys: { id: string; key: string; created: string }[];
}

export interface KeyOptions {
  /** base64 key(s): the first encrypts, the rest only decrypt (rotation through config). */
  readonly secretKey?: string | readonly string[];
  /** Folder of the generated key file (used when neither config nor env gives a key). */
  readonly dataDir: string;
  /** Environment to read AUTOLEARN_SECRET_KEY from (default process.env); comma-separated keys. */
  readonly env?: Record<string, string | undefined>;
}

/** Keys from config, else AUTOLEARN_SECRET_KEY, else the key file (generated on first run, mode 0600). */
export function loadKeys(options: KeyOptions): SecretKey[] {
  const fromConfig = options.secretKey;
  if (fromConfig !== undefined)
    return (typeof fromConfig === 'string' ? [fromConfig] : fromConfig).map(secretKey);
  const env = (options.env ?? process.env)[KEY_ENV];
  if (env) return env.split(',').map((s) => secretKey(s));
  const file = join(options.dataDir, KEY_FILE);
  if (!existsSync(file)) writeKeyFile(file, { current: '', keys: [] }, generateKey());
  return readKeyFile(file);
}

/** Adds a new current key to the key file (old keys stay for decryption) and returns it. */
export function rotateKeyFile(dataDir: string, key: SecretKey = generateKey()): SecretKey {
  const file = join(dataDir, KEY_FILE);
  const existing: KeyFile = existsSync(file) ? parseKeyFile(file) : { current: '', keys: [] };
  writeKeyFile(file, existing, key);
  return key;
}

function writeKeyFile(file: string, existing: KeyFile, key: SecretKey): void {
  const next: KeyFile = {
    current: key.id,
    keys: [
      { id: key.id, key: key.key.toString('base64'), created: new Date().toISOString() },
      ...existing.keys.filter((k) => k.id !== key.id),
    ],
  };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function parseKeyFile(file: string): KeyFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    if (!Array.isArray(parsed.keys) || typeof parsed.current !== 'string') throw new Error('bad shape');
    return parsed;
  } catch (cause) {
    throw new ConfigError(`key file ${file} is unreadable or malformed`, { cause });
  }
}

function readKeyFile(file: string): SecretKey[] {
  const kf = parseKeyFile(file);
  const keys = kf.keys.map((k) => secretKey(k.key));
  const cur = keys.find((k) => k.id === kf.current);
  if (!cur) throw new ConfigError(`key file ${file}: current key ${kf.current} is not in the file`);
  return [cur, ...keys.filter((k) => k !== cur)];
}
