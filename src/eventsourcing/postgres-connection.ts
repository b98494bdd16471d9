/**
 * Lazily loaded pg pool plus identifier quoting, shared by the PostgreSQL adapters.
 */
import type { Pool } from 'pg';
import { importOptional } from '../core/optional-dependency.js';
import { EventStoreError } from './errors.js';

export type PgPool = Pool;

export async function openPgPool(connectionString: string): Promise<PgPool> {
  const { default: pg } = await importOptional('pg', 'the PostgreSQL store', () => import('pg'));
  const pool = new pg.Pool({ connectionString, max: 4 });
  // An idle client's network error must not crash the process.
  pool.on('error', () => {});
  return pool;
}

/** Double-quotes a schema/table identifier after checking it is a plain name. */
export function pgIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name))
    throw new EventStoreError(`invalid SQL identifier '${name}'`);
  return `"${name}"`;
}
