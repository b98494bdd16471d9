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
  const tokens = new SessionTokens([generateKey()]);

  it('round-trips any id in URL-safe base64, with a fresh IV each time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (id) => {
        const t = tokens.encrypt(id);
        expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(tokens.decrypt(t)).toBe(id);
      }),
      { numRuns: 300 },
    );
    expect(tokens.encrypt('1700000000000')).not.toBe(tokens.encrypt('1700000000000'));
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
    // a well-formed header with the right key id but a made-up body
    const forged = Buffer.concat([Buffer.from(t, 'base64url').subarray(0, 5), Buffer.alloc(40, 7)]).toString(
      'base64url',
    );
    rejects(tokens, forged);
    for (const bad of [undefined, null, 42, {}, '', 'a'.repeat(5000), `${t}=`, `${t} `]) rejects(tokens, bad);
  });

  it('rejects tokens made with another key', () => {
    const other = new SessionTokens([generateKey()]);
    rejects(tokens, other.encrypt('1'));
    // same key id bytes but another key: authentication still fails
    const t = other.encrypt('1');
    const raw = Buffer.from(t, 'base64url');
    Buffer.from(tokens.currentKeyId, 'hex').copy(raw, 1);
    rejects(tokens, raw.toString('base64url'));
  });

  it('rotation: new tokens use the new key, old tokens still decrypt', () => {
    const k1 = generateKey();
    const ring = new SessionTokens([k1]);
    const old = ring.encrypt('old-session');
    const k2 = ring.rotate();
    expect(ring.currentKeyId).toBe(k2.id);
    expect(ring.keyIds.sort()).toEqual([k1.id, k2.id].sort());
    const fresh = ring.encrypt('new-session');
    expect(Buffer.from(fresh, 'base64url').subarray(1, 5).toString('hex')).toBe(k2.id);
    expect(Buffer.from(old, 'base64url').subarray(1, 5).toString('hex')).toBe(k1.id);
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
