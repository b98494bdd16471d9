/**
 * Builds the experiment platform from one configuration object:
 * `{ dataDir (default ./.autolearn), store: 'sqlite' | 'postgres://...',
 *    events: 'sqlite' | 'postgres://...' | 'nats://...', secretKey? }`.
 * The embedded default keeps the stores and the event log in `<dataDir>/autolearn.db`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '../catalog/registry.js';
import { DEFAULT_DATA_DIR, openEventStore } from '../eventsourcing/open.js';
import { ensurePrivateDir } from '../eventsourcing/private-files.js';
import type { EventStore } from '../eventsourcing/types.js';
import { InProcessBus, type MessageBus } from './bus.js';
import { ExperimentService } from './experiment-service.js';
import { NEW_KEY_ENV } from './key-file-errors.js';
import { createLogger, fileSink, type Logger, stderrSink } from './logger.js';
import { type JobRunner, WorkerJobRunner } from './runner.js';
import { openRepository } from './stores/open.js';
import type { ExperimentRepository } from './stores/types.js';
import { keyFilePath, loadKeys, type SecretKey, SessionTokens } from './tokens.js';

export interface AutolearnConfig {
  /** Folder for the SQLite file, the key file and the error log (default `./.autolearn`). */
  readonly dataDir?: string;
  /** Session + permanent stores: 'sqlite' (default), 'sqlite:<file>' or 'postgres://...'. */
  readonly store?: string;
  /** Event store: 'sqlite' (default), 'sqlite:<file>', 'memory', 'postgres://...' or 'nats://...'. */
  readonly events?: string;
  /** base64 AES-256 key(s); else AUTOLEARN_SECRET_KEY, else a generated key file. */
  readonly secretKey?: string | readonly string[];
  /**
   * Start with a new key file although the stores hold records and the old key file is missing
   * (else KeyFileMissingError); the old session ids stop working. Also AUTOLEARN_NEW_KEY=1.
   */
  readonly newKey?: boolean;
}

export interface PlatformOptions extends AutolearnConfig {
  /** Models / datasets (default: the global registry, with the built-ins added). */
  readonly registry?: Registry;
  /** Message bus (default: in-process). */
  readonly bus?: MessageBus;
  /** Error logger (default: stderr + `<dataDir>/autolearn.log`). */
  readonly logger?: Logger;
  /** Job runner (default: worker threads set up with `workerSetup`). */
  readonly runner?: JobRunner;
  /** Module URL registering models/datasets inside worker threads (default: the built-ins). */
  readonly workerSetup?: string | URL;
  readonly env?: Record<string, string | undefined>;
  readonly clock?: () => number;
}

/** An ExperimentService plus the resources it opened; `close()` releases them all. */
export interface Platform {
  readonly service: ExperimentService;
  readonly repository: ExperimentRepository;
  readonly events: EventStore;
  readonly bus: MessageBus;
  readonly tokens: SessionTokens;
  readonly registry: Registry;
  close(): Promise<void>;
}

/**
 * The experiment platform in this process, without a server: catalog, training in worker threads,
 * evaluation, session and permanent stores, event store and tokens, all from one configuration
 * (defaults: SQLite under `./.autolearn`). Close it when done.
 *
 * @example
 * ```ts
 * import { createPlatform } from 'autolearn/services';
 *
 * const platform = await createPlatform({ dataDir: '/tmp/autolearn-example' });
 * const catalog = await platform.service.catalog();
 * console.log(catalog.data_lake.map((d) => d.dataset_name));
 * await platform.close();
 * ```
 */
export async function createPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const registry = options.registry ?? (await import('./builtin-registry.js')).builtinRegistry();
  ensurePrivateDir(dataDir);
  const logger =
    options.logger ?? createLogger({ sinks: [stderrSink(), fileSink(join(dataDir, 'autolearn.log'))] });
  const repository = await openRepository(options.store ?? 'sqlite', { dataDir });
  let events: EventStore;
  let tokens: SessionTokens;
  try {
    tokens = new SessionTokens(await keysFor(options, dataDir, repository));
    events = await openEventStore(options.events ?? 'sqlite', { dataDir });
  } catch (e) {
    await repository.close();
    throw e;
  }
  const bus = options.bus ?? new InProcessBus();
  const runner = options.runner ?? new WorkerJobRunner({ setup: options.workerSetup });
  const service = await ExperimentService.start({
    registry,
    repository,
    events,
    bus,
    tokens,
    logger,
    runner,
    clock: options.clock,
  });
  return {
    service,
    repository,
    events,
    bus,
    tokens,
    registry,
    async close() {
      await service.close();
      if (!options.bus) await bus.close();
      await events.close();
      await repository.close();
    },
  };
}

/**
 * The session-id keys. When they come from the key file and it is missing, the stores are asked
 * first: records mean the file was lost (KeyFileMissingError unless `newKey`), none mean a first run.
 */
async function keysFor(
  options: PlatformOptions,
  dataDir: string,
  repository: ExperimentRepository,
): Promise<SecretKey[]> {
  const env = options.env ?? process.env;
  const base = { secretKey: options.secretKey, dataDir, env };
  const file = keyFilePath(base);
  const existingRecords =
    file && !existsSync(file) ? (await repository.session.count()) + (await repository.permanent.count()) : 0;
  const newKey = options.newKey ?? /^(1|true|yes)$/i.test(env[NEW_KEY_ENV] ?? '');
  return loadKeys({ ...base, existingRecords, newKey });
}
