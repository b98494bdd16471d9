import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, InvalidTokenError } from './errors.js';
import { generateKey, KEY_FILE, loadKeys, rotateKeyFile, SessionTokens, secretKey } from './tokens.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-keys-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const rejects = (t: SessionTokens, token: unknown) => {
  expect(() => t.decrypt(token)).toThrow(InvalidTokenError);
};

describe('SessionTokens', () => {
  const key0 = generateKey();
  const tokens = new SessionTokens([key0]);

  it('round-trips any id in URL-safe base64', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (id) => {
        const t = tokens.encrypt(id);
        expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(tokens.decrypt(t)).toBe(id);
      }),
      { numRuns: 300 },
    );
  });

  it('property: deterministic, injective, and at most 23 chars for record ids', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.string({ maxLength: 40 }), (n, s) => {
        const id = n.toString();
        const t = tokens.encrypt(id);
        expect(t).toHaveLength(23);
        expect(tokens.encrypt(id)).toBe(t); // same id, same token, every time
        expect(new SessionTokens([key0]).encrypt(id)).toBe(t); // and in another process
        expect(tokens.decrypt(t)).toBe(id);
        expect(tokens.encrypt(s)).toBe(tokens.encrypt(s));
        if (s !== id) expect(tokens.encrypt(s)).not.toBe(t);
      }),
      { numRuns: 500 },
    );
    expect(tokens.encrypt('1700000000000')).not.toBe(tokens.encrypt('1700000000001'));
    // non-canonical numbers take the general form and round-trip exactly
    for (const id of ['01', '+1', '18446744073709551616', '1e3', ''])
      expect(tokens.decrypt(tokens.encrypt(id))).toBe(id);
  });

  it('legacy random-IV AES-256-GCM tokens still decrypt', () => {
    const key = generateKey();
    const ring = new SessionTokens([key]);
    const header = Buffer.concat([Buffer.of(1), Buffer.from(key.id, 'hex')]);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key.key, iv);
    c.setAAD(header);
    const body = Buffer.concat([c.update('1700000000000', 'utf8'), c.final()]);
    const legacy = Buffer.concat([header, iv, body, c.getAuthTag()]).toString('base64url');
    expect(ring.decrypt(legacy)).toBe('1700000000000');
    const raw = Buffer.from(legacy, 'base64url');
    raw[raw.length - 1]! ^= 1;
    rejects(ring, raw.toString('base64url'));
  });

  it('property: every mutation of a token is rejected with InvalidTokenError', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const mutation = fc.oneof(
      fc.record({
        kind: fc.constant('replace' as const),
        at: fc.nat(),
        ch: fc.constantFrom(...alphabet, '+', '/', '=', '.', ' '),
      }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), ch: fc.constantFrom(...alphabet) }),
      fc.record({ kind: fc.constant('flipbit' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (id, muts) => {
          const original = tokens.encrypt(id);
          let t = original;
          for (const m of muts) {
            const i = m.at % Math.max(1, t.length);
            if (m.kind === 'replace') t = t.slice(0, i) + m.ch + t.slice(i + 1);
            else if (m.kind === 'truncate') t = t.slice(0, i);
            else if (m.kind === 'insert') t = t.slice(0, i) + m.ch + t.slice(i);
            else if (m.kind === 'swap')
              t = t.slice(0, i) + t.slice(i + 1, i + 2) + t.slice(i, i + 1) + t.slice(i + 2);
            else {
              const raw = Buffer.from(t, 'base64url');
              if (raw.length) raw[i % raw.length]! ^= 1 << m.bit;
              t = raw.toString('base64url');
            }
          }
          if (t === original) return; // the mutations cancelled out
          rejects(tokens, t);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects truncations at every length, forgeries and non-strings', () => {
    const t = tokens.encrypt('1700000000123');
    for (let n = 0; n < t.length; n++) rejects(tokens, t.slice(0, n));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), (bytes) =>
        rejects(tokens, Buffer.from(bytes).toString('base64url')),
      ),
      { numRuns: 500 },
    );
    // the right key-version prefix but a made-up body, compact and general
    rejects(tokens, t[0] + Buffer.alloc(16, 7).toString('base64url'));
    const g = tokens.encrypt('not-a-number');
    rejects(tokens, g[0] + Buffer.alloc(40, 7).toString('base64url'));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) =>
        rejects(tokens, t[0] + Buffer.from(bytes).toString('base64url')),
      ),
      { numRuns: 500 },
    );
    for (const bad of [undefined, null, 42, {}, '', 'a'.repeat(5000), `${t}=`, `${t} `]) rejects(tokens, bad);
  });

  it('rejects tokens made with another key', () => {
    const other = new SessionTokens([generateKey()]);
    rejects(tokens, other.encrypt('1'));
    // the same key-version prefix but another key: authentication still fails
    for (const id of ['1', 'x-session']) {
      const mine = tokens.encrypt(id);
      rejects(tokens, mine[0] + other.encrypt(id).slice(1));
    }
  });

  it('rotation: new tokens use the new key, old tokens still decrypt', () => {
    const k1 = generateKey();
    const ring = new SessionTokens([k1]);
    const old = ring.encrypt('old-session');
    const k2 = ring.rotate();
    expect(ring.currentKeyId).toBe(k2.id);
    expect(ring.keyIds.sort()).toEqual([k1.id, k2.id].sort());
    const fresh = ring.encrypt('new-session');
    expect(fresh).toBe(new SessionTokens([k2]).encrypt('new-session'));
    expect(old).toBe(new SessionTokens([k1]).encrypt('old-session'));
    expect(ring.decrypt(old)).toBe('old-session');
    expect(ring.decrypt(fresh)).toBe('new-session');
    // a ring that dropped the old key rejects old tokens
    const onlyNew = new SessionTokens([k2]);
    rejects(onlyNew, old);
    expect(onlyNew.decrypt(fresh)).toBe('new-session');
  });
});

describe('key sources', () => {
  it('generates a key file with mode 0600 on first run and reuses it', () => {
    const dir = join(tmp, 'gen');
    const first = loadKeys({ dataDir: dir, env: {} });
    const mode = statSync(join(dir, KEY_FILE)).mode & 0o777;
    expect(mode).toBe(0o600);
    const again = loadKeys({ dataDir: dir, env: {} });
    expect(again.map((k) => k.id)).toEqual(first.map((k) => k.id));
    const token = new SessionTokens(first).encrypt('x');
    expect(new SessionTokens(again).decrypt(token)).toBe('x');
  });

  it('rotating the key file keeps old keys for decryption', () => {
    const dir = join(tmp, 'rot');
    const before = new SessionTokens(loadKeys({ dataDir: dir, env: {} }));
    const old = before.encrypt('s1');
    const k = rotateKeyFile(dir);
    const after = new SessionTokens(loadKeys({ dataDir: dir, env: {} }));
    expect(after.currentKeyId).toBe(k.id);
    expect(after.decrypt(old)).toBe('s1');
    expect(JSON.parse(readFileSync(join(dir, KEY_FILE), 'utf8')).keys).toHaveLength(2);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('config wins over env, env over the file; bad keys are ConfigErrors', () => {
    const a = generateKey();
    const b = generateKey();
    const env = { AUTOLEARN_SECRET_KEY: `${b.key.toString('base64')},${a.key.toString('base64')}` };
    expect(
      loadKeys({ dataDir: join(tmp, 'none'), secretKey: a.key.toString('base64'), env }).map((k) => k.id),
    ).toEqual([a.id]);
    expect(loadKeys({ dataDir: join(tmp, 'none'), env }).map((k) => k.id)).toEqual([b.id, a.id]);
    expect(() => secretKey(Buffer.alloc(16).toString('base64'))).toThrow(ConfigError);
    expect(() => loadKeys({ dataDir: tmp, env: { AUTOLEARN_SECRET_KEY: 'c2hvcnQ=' } })).toThrow(ConfigError);
  });
});
