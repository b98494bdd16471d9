/**
 * A small bounded retry loop for operations on a remote store: transient connection failures are
 * retried with exponential backoff (with jitter); anything else is rethrown at once.
 */

export interface RetryPolicy {
  /** Total attempts, the first included (default 6). */
  readonly attempts?: number;
  /** Delay before the second attempt, doubled each time (default 50 ms). */
  readonly baseDelayMs?: number;
  /** Upper bound of one delay (default 1000 ms). */
  readonly maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = { attempts: 6, baseDelayMs: 50, maxDelayMs: 1000 };

/** The delay before attempt `n + 1` (n >= 1): base * 2^(n-1), capped, with up to 50% jitter. */
export function backoffDelay(n: number, p: Required<RetryPolicy>): number {
  const d = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (n - 1));
  return d / 2 + Math.random() * (d / 2);
}

export class RetriesExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly last: unknown,
  ) {
    super('retries exhausted', { cause: last });
  }
}

/**
 * Runs `op` until it succeeds, `retryable(error)` says no, or the attempts are used up. In the
 * last case a RetriesExhausted wrapping the last error is thrown; non-retryable errors pass through.
 */
export async function withRetry<T>(
  op: (attempt: number) => Promise<T>,
  retryable: (e: unknown) => boolean,
  policy: RetryPolicy = {},
): Promise<T> {
  const p = { ...DEFAULT_RETRY, ...policy };
  for (let n = 1; ; n++) {
    try {
      return await op(n);
    } catch (e) {
      if (!retryable(e)) throw e;
      if (n >= p.attempts) throw new RetriesExhausted(n, e);
      await new Promise((r) => setTimeout(r, backoffDelay(n, p)));
    }
  }
}
