/**
 * Opens the experiment repository from configuration: `'sqlite'` (embedded default:
 * `<dataDir>/autolearn.db`), `'sqlite:<file>'` or `'postgres://...'` (optional `?schema=name`).
 */
import { join } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_DB_FILE, splitParams } from '../../eventsourcing/open.js';
import { ConfigError } from '../errors.js';
import type { ExperimentRepository } from './types.js';

/**
 * Opens the session + permanent stores from a configuration string: `'sqlite'` (the embedded
 * default, `<dataDir>/autolearn.db`), `'sqlite:<file>'` or `'postgres://...'`. The driver loads lazily; a
 * missing one is a `MissingDependencyError` naming the package.
 *
 * @example
 * ```ts
 * import { openRepository } from 'autolearn/services';
 *
 * const repo = await openRepository('sqlite:/tmp/autolearn-example/records.db');
 * console.log(await repo.session.count(), await repo.permanent.list({ limit: 5 }));
 * await repo.close();
 * ```
 */
export async function openRepository(
  spec: string,
  options: { dataDir?: string } = {},
): Promise<ExperimentRepository> {
  if (spec === 'sqlite' || spec.startsWith('sqlite:')) {
    const file =
      spec === 'sqlite' ? join(options.dataDir ?? DEFAULT_DATA_DIR, DEFAULT_DB_FILE) : spec.slice(7);
    const { openSqliteRepository } = await import('./sqlite-repository.js');
    return openSqliteRepository(file);
  }
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) {
    const { connectionString, params } = splitParams(spec, ['schema']);
    const { openPostgresRepository } = await import('./postgres-repository.js');
    return openPostgresRepository({ connectionString, schema: params.schema });
  }
  throw new ConfigError(`unknown store '${spec}'; use 'sqlite', 'sqlite:<file>' or 'postgres://...'`);
}
