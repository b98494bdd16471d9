/**
 * Opens the account store next to the experiment stores: `'sqlite'` (`<dataDir>/autolearn.db`),
 * `'sqlite:<file>'` or `'postgres://...'` (optional `?schema=name`): the same spec as `store`.
 */
import { join } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_DB_FILE, splitParams } from '../../eventsourcing/open.js';
import { ConfigError } from '../errors.js';
import type { AccountStore } from './types.js';

export async function openAccountStore(
  spec: string,
  options: { dataDir?: string; clock?: () => number } = {},
): Promise<AccountStore> {
  if (spec === 'sqlite' || spec.startsWith('sqlite:')) {
    const file =
      spec === 'sqlite' ? join(options.dataDir ?? DEFAULT_DATA_DIR, DEFAULT_DB_FILE) : spec.slice(7);
    const { openSqliteAccountStore } = await import('./sqlite-accounts.js');
    return openSqliteAccountStore(file, options.clock);
  }
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) {
    const { connectionString, params } = splitParams(spec, ['schema']);
    const { openPostgresAccountStore } = await import('./postgres-accounts.js');
    return openPostgresAccountStore({ connectionString, schema: params.schema, clock: options.clock });
  }
  throw new ConfigError(`unknown account store '${spec}'; use 'sqlite', 'sqlite:<file>' or 'postgres://...'`);
}
