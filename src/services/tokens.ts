/**
 * Public record ids ("tokens"): deterministic authenticated encryption of the record id, so that
 * the same record shows the same short id everywhere and every time, while a forged, truncated or
 * altered id is rejected (InvalidTokenError), never decrypted to another record.
 *
 * Construction (two sub-keys per 32-byte key, derived by HMAC-SHA256(key, label)):
 * - compact form, for the store's ids (canonical decimal integers below 2^64, e.g. ms timestamps):
 *   one AES-256 block over `id (8 bytes, big-endian) | HMAC(macKey, 0x00 | id)[0..8)`. AES on a
 *   single block is a pseudo-random permutation, so equal ids give equal tokens and distinct ids
 *   distinct ones, and nothing about the id leaks; an altered block decrypts to a random 16 bytes
 *   whose last 8 match the HMAC of the first 8 with probability 2^-64 (the check is what makes it
 *   unforgeable: no IV is needed because the plaintext is never repeated under another meaning).
 *   22 base64url chars after the prefix: 23 chars in all.
 * - general form, for any other string: SIV (Rogaway-Shrimpton) with HMAC as the PRF:
 *   `siv = HMAC(macKey, 0x01 | utf8)[0..16)`, `AES-256-CTR(encKey, iv = siv, utf8)`; decryption
 *   recomputes the SIV from the plaintext, so any change is detected. Deterministic by design.
 * - the first char is the key version and the form: ALPHABET[1 + 2 * (keyTag % 31) + form], with
 *   keyTag a byte of sha256(key). Key rotation keeps working: new tokens use the current key, any
 *   key of the ring decrypts (every key whose tag matches is tried; authentication picks the one).
 * - legacy tokens (the former random-IV AES-256-GCM format `0x01 | keyId | iv | ct | tag`, whose
 *   base64url always starts with 'A', a char the new prefix never uses) still decrypt.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePrivateDir } from '../eventsourcing/private-files.js';
import { ConfigError, InvalidTokenError } from './errors.js';
import { KeyFileMissingError } from './key-file-errors.js';

const LEGACY_VERSION = 1;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER = 1 + KEY_ID_BYTES;
const LEGACY_MIN_BYTES = HEADER + IV_BYTES + TAG_BYTES;
const MAX_TOKEN_CHARS = 4096;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const COMPACT = 0;
const GENERAL = 1;
const KEY_TAGS = 31;
const SIV_BYTES = 16;
const MAX_U64 = (1n << 64n) - 1n;

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

/** The derived material of one key. */
interface TokenKey {
  readonly secret: SecretKey;
  readonly enc: Buffer;
  readonly mac: Buffer;
  /** 0..30: which prefix chars this key writes. */
  readonly tag: number;
}

function tokenKey(secret: SecretKey): TokenKey {
  const derive = (label: string) => createHmac('sha256', secret.key).update(label).digest();
  return {
    secret,
    enc: derive('autolearn-token-enc'),
    mac: derive('autolearn-token-mac'),
    tag: Buffer.from(secret.id, 'hex')[0]! % KEY_TAGS,
  };
}

/** The prefix char of a token of `form` made with `key`. */
function prefix(key: TokenKey, form: number): string {
  return ALPHABET[1 + 2 * key.tag + form] as string;
}

function hmac(key: Buffer, domain: number, data: Buffer): Buffer {
  return createHmac('sha256', key).update(Buffer.of(domain)).update(data).digest();
}

/** A canonical decimal integer below 2^64 ('0', '1700000000000'; not '01', '+1', '1e3'). */
function compactId(id: string): bigint | null {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(id)) return null;
  const n = BigInt(id);
  return n <= MAX_U64 ? n : null;
}

/**
 * Public record ids: `encrypt` turns an id into a short, stable, URL-safe token (deterministic
 * authenticated encryption: the same id always gives the same token), `decrypt` checks and opens
 * it (a tampered, truncated or foreign token is an `InvalidTokenError`). Several keys allow
 * rotation: the first encrypts, all decrypt.
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
  private readonly byId = new Map<string, TokenKey>();
  private current: TokenKey;

  /** `keys[0]` encrypts; every key decrypts tokens made with it. */
  constructor(keys: readonly SecretKey[]) {
    if (keys.length === 0) throw new ConfigError('SessionTokens needs at least one key');
    for (const k of keys) this.byId.set(k.id, tokenKey(k));
    this.current = this.byId.get((keys[0] as SecretKey).id) as TokenKey;
  }

  get currentKeyId(): string {
    return this.current.secret.id;
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  /** Makes `key` the encryption key; older keys keep decrypting. */
  rotate(key: SecretKey = generateKey()): SecretKey {
    const k = tokenKey(key);
    this.byId.set(key.id, k);
    this.current = k;
    return key;
  }

  /** The public id of `sessionId`: the same for the same id and current key, every time. */
  encrypt(sessionId: string): string {
    if (typeof sessionId !== 'string') throw new InvalidTokenError('a session id must be a string');
    const k = this.current;
    const n = compactId(sessionId);
    if (n !== null) {
      const block = Buffer.alloc(16);
      block.writeBigUInt64BE(n, 0);
      hmac(k.mac, COMPACT, block.subarray(0, 8)).copy(block, 8, 0, 8);
      const c = createCipheriv('aes-256-ecb', k.enc, null).setAutoPadding(false);
      const out = Buffer.concat([c.update(block), c.final()]);
      return prefix(k, COMPACT) + out.toString('base64url');
    }
    const plain = Buffer.from(sessionId, 'utf8');
    const siv = hmac(k.mac, GENERAL, plain).subarray(0, SIV_BYTES);
    const c = createCipheriv('aes-256-ctr', k.enc, siv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return prefix(k, GENERAL) + Buffer.concat([siv, body]).toString('base64url');
  }

  decrypt(token: unknown): string {
    if (typeof token !== 'string' || token.length === 0) throw new InvalidTokenError('not a token string');
    if (token.length > MAX_TOKEN_CHARS) throw new InvalidTokenError('token too long');
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new InvalidTokenError('not URL-safe base64');
    if (token[0] === 'A') return this.decryptLegacy(token);
    const p = ALPHABET.indexOf(token[0] as string) - 1;
    if (p < 0 || p >= 2 * KEY_TAGS) throw new InvalidTokenError('unknown token version');
    const form = p % 2;
    const tag = (p - form) / 2;
    const body = token.slice(1);
    const raw = Buffer.from(body, 'base64url');
    // Non-canonical base64 (changed padding bits) decodes to the same bytes: reject it too.
    if (raw.toString('base64url') !== body) throw new InvalidTokenError('not canonical base64');
    const keys = [...this.byId.values()].filter((k) => k.tag === tag);
    if (keys.length === 0) throw new InvalidTokenError('made with a key this server does not have');
    if (form === COMPACT) {
      if (raw.length !== 16) throw new InvalidTokenError('truncated or extended');
      for (const k of keys) {
        const d = createDecipheriv('aes-256-ecb', k.enc, null).setAutoPadding(false);
        const block = Buffer.concat([d.update(raw), d.final()]);
        const check = hmac(k.mac, COMPACT, block.subarray(0, 8)).subarray(0, 8);
        if (timingSafeEqual(check, block.subarray(8))) return block.readBigUInt64BE(0).toString();
      }
    } else {
      if (raw.length < SIV_BYTES) throw new InvalidTokenError('truncated');
      const siv = raw.subarray(0, SIV_BYTES);
      for (const k of keys) {
        const d = createDecipheriv('aes-256-ctr', k.enc, siv);
        const plain = Buffer.concat([d.update(raw.subarray(SIV_BYTES)), d.final()]);
        if (timingSafeEqual(hmac(k.mac, GENERAL, plain).subarray(0, SIV_BYTES), siv)) {
          try {
            return new TextDecoder('utf-8', { fatal: true }).decode(plain);
          } catch {
            break;
          }
        }
      }
    }
    throw new InvalidTokenError('authentication failed (tampered, forged or wrong key)');
  }

  /** The former random-IV AES-256-GCM tokens (kept decryptable so old links keep working). */
  private decryptLegacy(token: string): string {
    const raw = Buffer.from(token, 'base64url');
    if (raw.toString('base64url') !== token) throw new InvalidTokenError('not canonical base64');
    if (raw.length < LEGACY_MIN_BYTES) throw new InvalidTokenError('truncated');
    if (raw[0] !== LEGACY_VERSION) throw new InvalidTokenError(`unknown token version ${raw[0]}`);
    const keyId = raw.subarray(1, HEADER).toString('hex');
    const key = this.byId.get(keyId);
    if (!key) throw new InvalidTokenError(`unknown key id ${keyId}`);
    const iv = raw.subarray(HEADER, HEADER + IV_BYTES);
    const body = raw.subarray(HEADER + IV_BYTES, raw.length - TAG_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.secret.key, iv, { authTagLength: TAG_BYTES });
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
  /**
   * How many records the stores already hold. With records, a missing key file is a
   * KeyFileMissingError instead of a silently generated new key (unless `newKey`).
   */
  readonly existingRecords?: number;
  /** Accept a new key file although records exist (their old session ids stop working). */
  readonly newKey?: boolean;
}

/** The key file that `loadKeys` would read, or null when config or env gives the keys. */
export function keyFilePath(options: KeyOptions): string | null {
  if (options.secretKey !== undefined || (options.env ?? process.env)[KEY_ENV]) return null;
  return join(options.dataDir, KEY_FILE);
}

/**
 * Keys from config, else AUTOLEARN_SECRET_KEY, else the key file (generated on first run, mode 0600
 * in a 0700 folder). A key file that is missing while records exist is never silently replaced.
 */
export function loadKeys(options: KeyOptions): SecretKey[] {
  const fromConfig = options.secretKey;
  if (fromConfig !== undefined)
    return (typeof fromConfig === 'string' ? [fromConfig] : fromConfig).map(secretKey);
  const env = (options.env ?? process.env)[KEY_ENV];
  if (env) return env.split(',').map((s) => secretKey(s));
  const file = join(options.dataDir, KEY_FILE);
  if (!existsSync(file)) {
    const records = options.existingRecords ?? 0;
    if (records > 0 && !options.newKey) throw new KeyFileMissingError(file, records);
    writeKeyFile(file, { current: '', keys: [] }, generateKey());
  }
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
  ensurePrivateDir(dirname(file));
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
