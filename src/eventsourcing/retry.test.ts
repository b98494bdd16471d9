import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTransientPgError } from './postgres-connection.js';
import { backoffDelay, DEFAULT_RETRY, RetriesExhausted, withRetry } from './retry.js';

describe('bounded retry', () => {
  it('backoff doubles from the base, is capped, and jitters within [d/2, d]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 5000 }),
        (n, base, cap) => {
          const p = { attempts: 5, baseDelayMs: base, maxDelayMs: cap };
          const d = Math.min(cap, base * 2 ** (n - 1));
          const got = backoffDelay(n, p);
          return got >= d / 2 && got <= d;
        },
      ),
    );
  });

  it('retries retryable failures until success, and gives up after the attempts with the last error', async () => {
    let calls = 0;
    const ok = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('Connection terminated unexpectedly'), {});
        return 'done';
      },
      isTransientPgError,
      { baseDelayMs: 1 },
    );
    expect([ok, calls]).toEqual(['done', 3]);
    calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw Object.assign(new Error('terminating connection due to administrator command'), {
          code: '57P01',
        });
      },
      isTransientPgError,
      { attempts: 4, baseDelayMs: 1 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(RetriesExhausted);
    expect([err.attempts, calls, err.last.code]).toEqual([4, 4, '57P01']);
  });

  it('a statement error (not a lost connection) is never retried', async () => {
    let calls = 0;
    const dup = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    await expect(
      withRetry(async () => {
        calls++;
        throw dup;
      }, isTransientPgError),
    ).rejects.toBe(dup);
    expect(calls).toBe(1);
    expect(DEFAULT_RETRY.attempts).toBeGreaterThan(1);
    for (const code of ['57P01', '57P03', '08006', 'ECONNREFUSED', 'ECONNRESET'])
      expect(isTransientPgError({ code })).toBe(true);
    for (const code of ['23505', '42P01', '22P02', 'P0001'])
      expect(isTransientPgError({ code, message: 'x' })).toBe(false);
  });
});
