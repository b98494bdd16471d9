/**
 * The PostgreSQL connection shared by the PostgreSQL adapters (event store, experiment
 * repository): a lazily loaded pg pool that survives its database. Idle and checked-out clients
 * both have an 'error' listener (a terminated backend never crashes the process); transient
 * connection failures are retried with backoff where a retry cannot apply a write twice; otherwise
 * the operation fails with a typed StoreUnavailableError.
 */
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { importOptional } from '../core/optional-dependency.js';
import { EventStoreError, StoreUnavailableError } from './errors.js';
import { RetriesExhausted, type RetryPolicy, withRetry } from './retry.js';

export interface PgOptions {
  /** Pool size (default 4). */
  readonly max?: number;
  /** Retry policy for transient connection failures. */
  readonly retry?: RetryPolicy;
  /** Milliseconds to wait for a new connection (default 5000). */
  readonly connectTimeoutMs?: number;
}

/** SQLSTATEs and socket errors after which the same statement may succeed on a new connection. */
const TRANSIENT_CODES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGE =
  /connection terminated|terminating connection|connection error|not queryable|timeout exceeded when trying to connect|server closed the connection/i;

/** True when `e` is a lost / refused connection rather than an error of the statement itself. */
export function isTransientPgError(e: unknown): boolean {
  if (e instanceof RetriesExhausted) return false;
  const err = e as { code?: unknown; message?: unknown } | null;
  if (typeof err?.code === 'string' && TRANSIENT_CODES.has(err.code)) return true;
  return typeof err?.message === 'string' && TRANSIENT_MESSAGE.test(err.message);
}

export type PgQuery = <R extends QueryResultRow = QueryResultRow>(
  sql: string,
  args?: readonly unknown[],
) => Promise<QueryResult<R>>;

/** Marks a failure that happened while COMMIT was in flight (the outcome is unknown). */
class CommitLost extends Error {
  constructor(readonly original: unknown) {
    super('connection lost during COMMIT', { cause: original });
  }
}

export class PgDatabase {
  private closed = false;

  constructor(
    private readonly pool: Pool,
    readonly store: string,
    private readonly retry: RetryPolicy = {},
  ) {}

  /**
   * One statement in autocommit. Only for statements that are safe to run twice (reads, DDL with
   * IF NOT EXISTS, updates that set fixed values): a transient failure is retried.
   */
  async query<R extends QueryResultRow = QueryResultRow>(
    operation: string,
    sql: string,
    args: readonly unknown[] = [],
  ): Promise<QueryResult<R>> {
    return this.guard(operation, () => this.pool.query<R>(sql, args as unknown[]));
  }

  /**
   * Runs `body` in one transaction on a checked-out client. A transient failure before COMMIT is
   * retried (the server rolled the transaction back); one during COMMIT is a StoreUnavailableError
   * with `outcomeUnknown`. Errors thrown by `body` itself roll back and pass through.
   */
  async transaction<T>(operation: string, body: (q: PgQuery) => Promise<T>): Promise<T> {
    return this.guard(operation, async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      // A backend terminated while the client is checked out emits 'error' on the client: without a
      // listener that is an uncaught exception. The failing query rejects as well.
      const onError = (e: Error) => {
        broken = e;
      };
      client.on('error', onError);
      try {
        const q: PgQuery = (sql, args) => client.query(sql, args as unknown[]);
        await client.query('BEGIN');
        const out = await body(q);
        try {
          await client.query('COMMIT');
        } catch (e) {
          if (isTransientPgError(e)) {
            broken = broken ?? (e as Error);
            throw new CommitLost(e);
          }
          throw e;
        }
        return out;
      } catch (e) {
        if (!broken && !isTransientPgError(e)) await client.query('ROLLBACK').catch(() => {});
        else broken = broken ?? (e as Error);
        throw e;
      } finally {
        client.removeListener('error', onError);
        release(client, broken);
      }
    });
  }

  async end(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async guard<T>(operation: string, op: () => Promise<T>): Promise<T> {
    if (this.closed) throw new EventStoreError(`${this.store} store is closed (${operation})`);
    try {
      return await withRetry(op, (e) => !this.closed && isTransientPgError(e), this.retry);
    } catch (e) {
      if (e instanceof RetriesExhausted)
        throw new StoreUnavailableError(this.store, operation, e.attempts, false, { cause: e.last });
      if (e instanceof CommitLost)
        throw new StoreUnavailableError(this.store, operation, 1, true, { cause: e.original });
      if (isTransientPgError(e))
        throw new StoreUnavailableError(this.store, operation, 1, false, { cause: e });
      throw e;
    }
  }
}

/** Returns a client to the pool; a broken one is destroyed instead of reused. */
function release(client: PoolClient, broken: Error | undefined): void {
  try {
    client.release(broken ?? undefined);
  } catch {
    // releasing twice or after the pool ended: nothing left to do
  }
}

export async function openPgDatabase(
  connectionString: string,
  store: string,
  options: PgOptions = {},
): Promise<PgDatabase> {
  return new PgDatabase(await openPgPool(connectionString, options), store, options.retry);
}

/**
 * A bare pg pool with the same crash guards (for adapters that only use `pool.query`, which
 * pg-pool guards per query). Prefer `openPgDatabase`, which adds retries and typed errors.
 */
export async function openPgPool(connectionString: string, options: PgOptions = {}): Promise<Pool> {
  const { default: pg } = await importOptional('pg', 'the PostgreSQL stores', () => import('pg'));
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    keepAlive: true,
  });
  // An idle client's network error (backend terminated, server restarted) must not crash the
  // process: the pool drops that client and opens a new one on the next query.
  pool.on('error', () => {});
  // Every client also keeps its own listener for its whole life: a backend terminated between the
  // pool handing a client out and the caller's first query (both can arrive in one TCP read) emits
  // 'error' on a client that no pool listener covers. The failed query still rejects, and the pool
  // discards the client on release because it is no longer queryable.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}

/** Double-quotes a schema/table identifier after checking it is a plain name. */
export function pgIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new EventStoreError(`invalid SQL identifier '${name}'`);
  return `"${name}"`;
}
