/**
 * Opens an EventStore from a configuration string:
 * `'memory'`, `'sqlite'` (the embedded default: `<dataDir>/autolearn.db`), `'sqlite:<file>'`,
 * `'postgres://...'` (optional `?schema=name`) or `'nats://host:port'` (optional `?stream=NAME`).
 * Adapters load their driver lazily.
 */
import { join } from 'node:path';
import { EventStoreError } from './errors.js';
import type { EventStore } from './types.js';

export const DEFAULT_DATA_DIR = './.autolearn';
export const DEFAULT_DB_FILE = 'autolearn.db';

export interface OpenEventStoreOptions {
  /** Folder of the embedded SQLite file (default `./.autolearn`). */
  readonly dataDir?: string;
}

/**
 * Opens an event store from a configuration string: `'memory'`, `'sqlite'` (the embedded default,
 * `<dataDir>/autolearn.db`), `'sqlite:<file>'`, `'postgres://...'` or `'nats://host:port'`. The
 * driver loads lazily; a missing optional driver is a `MissingDependencyError` naming the package.
 *
 * @example
 * ```ts
 * import { openEventStore } from 'autolearn/eventsourcing';
 *
 * const store = await openEventStore('memory');
 * await store.append({ entityId: 'session', timestamp: Date.now(), payload: { hello: 'world' } });
 * console.log(await store.readAggregate('session'));
 * await store.close();
 * ```
 */
export async function openEventStore(spec: string, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  if (spec === 'memory') {
    const { MemoryEventStore } = await import('./memory-store.js');
    return new MemoryEventStore();
  }
  if (spec === 'sqlite' || spec.startsWith('sqlite:')) {
    const file =
      spec === 'sqlite' ? join(options.dataDir ?? DEFAULT_DATA_DIR, DEFAULT_DB_FILE) : spec.slice(7);
    const { openSqliteEventStore } = await import('./sqlite-store.js');
    return openSqliteEventStore({ file });
  }
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) {
    const { connectionString, params } = splitParams(spec, ['schema', 'table']);
    const { openPostgresEventStore } = await import('./postgres-store.js');
    return openPostgresEventStore({ connectionString, schema: params.schema, table: params.table });
  }
  if (spec.startsWith('nats://')) {
    const { connectionString, params } = splitParams(spec, ['stream', 'prefix']);
    const { openNatsEventStore } = await import('./nats-store.js');
    return openNatsEventStore({
      servers: connectionString,
      stream: params.stream,
      subjectPrefix: params.prefix,
    });
  }
  throw new EventStoreError(
    `unknown event store '${spec}'; use 'sqlite', 'sqlite:<file>', 'memory', 'postgres://...' or 'nats://...'`,
  );
}

/** Removes autolearn's own query parameters from a URL and returns them. */
export function splitParams(
  spec: string,
  names: readonly string[],
): { connectionString: string; params: Record<string, string | undefined> } {
  const url = new URL(spec);
  const params: Record<string, string | undefined> = {};
  for (const n of names) {
    params[n] = url.searchParams.get(n) ?? undefined;
    url.searchParams.delete(n);
  }
  return { connectionString: url.toString(), params };
}
