/**
 * One process per role, all talking through RabbitMQ:
 *   api        the ExperimentService facade (catalog, train, evaluate, sessions, save) whose jobs go
 *              to the broker's job queues, plus the Session / Storage queue consumers
 *   session    only the Session / Storage consumers (sessionRecord, sessionUpdate, storageRecord)
 *   training   a competing consumer of the training-job queue (prefetch 1)
 *   evaluation a competing consumer of the evaluation-job queue
 * Start any number of training / evaluation / session processes on any machine that reaches the
 * broker (and, for api / session, the stores).
 */
import type { Registry } from '../catalog/registry.js';
import { openEventStore } from '../eventsourcing/open.js';
import type { EventStore } from '../eventsourcing/types.js';
import { ExperimentService } from '../services/experiment-service.js';
import { createLogger, type Logger, stderrSink } from '../services/logger.js';
import { BehaviourRecorder } from '../services/recorder.js';
import { BUILTINS_SETUP } from '../services/runner.js';
import { startQueueWorkers } from '../services/session-service.js';
import { openRepository } from '../services/stores/open.js';
import type { ExperimentRepository } from '../services/stores/types.js';
import { loadKeys, SessionTokens } from '../services/tokens.js';
import { registryFromSetup } from '../services/worker-setup.js';
import type { ScaleConfig, ScaleRole } from './config.js';
import { idempotentRepository } from './idempotent-repository.js';
import { type JobKind, QueueJobRunner, type ServeHooks, serveJobs, ThreadJobRunner } from './job-queue.js';
import { type BusEvent, RabbitBus } from './rabbit-bus.js';
import { readYourWrites } from './read-your-writes.js';

export interface RoleHooks extends ServeHooks {
  onBusEvent?(e: BusEvent): void;
}

export interface RoleOptions {
  readonly logger?: Logger;
  readonly hooks?: RoleHooks;
  /** How long to keep retrying the first broker connection (default 30 s). */
  readonly connectTimeoutMs?: number;
  readonly env?: Record<string, string | undefined>;
}

/** A running role; `close()` stops consuming, lets the running job finish and releases everything. */
export interface RoleHandle {
  readonly role: ScaleRole;
  readonly bus: RabbitBus;
  /** api role only. */
  readonly service?: ExperimentService;
  /** api / session roles. */
  readonly repository?: ExperimentRepository;
  readonly events?: EventStore;
  close(): Promise<void>;
}

/** Fills a fresh Registry from the setup module (default: the built-in models and datasets). */
export function loadRegistry(setup: string = BUILTINS_SETUP): Promise<Registry> {
  return registryFromSetup(setup);
}

/**
 * Starts one role of the scale-out deployment in this process (`api`, `session`, `training`,
 * `evaluation`) around the RabbitMQ bus and the shared stores; resolves with a handle to stop it.
 *
 * @example
 * ```ts
 * import { parseScaleArgs, startRole } from 'autolearn/scale';
 *
 * const { role, config } = parseScaleArgs(process.argv.slice(2));
 * const handle = await startRole(role, config);
 * process.once('SIGTERM', () => void handle.close());
 * ```
 */
export async function startRole(
  role: ScaleRole,
  config: ScaleConfig,
  options: RoleOptions = {},
): Promise<RoleHandle> {
  const logger = options.logger ?? createLogger({ sinks: [stderrSink()] });
  const bus = await RabbitBus.connect({
    url: config.bus,
    prefix: config.prefix,
    maxAttempts: config.maxAttempts,
    onEvent: options.hooks?.onBusEvent,
    connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
  });
  // The bus closes first: it stops consuming and lets the message in hand finish and ack.
  const cleanup: (() => Promise<void>)[] = [() => bus.close()];
  const closeAll = async () => {
    for (const f of cleanup) await f().catch(() => {});
  };
  try {
    if (role === 'training' || role === 'evaluation') {
      const kind: JobKind = role === 'training' ? 'train' : 'evaluate';
      // fits run in a worker thread: the main thread keeps answering the broker's heartbeats
      const runner = new ThreadJobRunner(config.setup);
      cleanup.push(() => runner.close());
      await serveJobs(bus, kind, runner, { prefetch: config.prefetch, hooks: options.hooks });
      return { role, bus, close: closeAll };
    }
    const repository = idempotentRepository(
      await openRepository(config.store ?? 'sqlite', { dataDir: config.dataDir }),
    );
    cleanup.push(() => repository.close());
    const events = await openEventStore(config.events ?? 'sqlite', { dataDir: config.dataDir });
    cleanup.push(() => events.close());
    if (role === 'session') {
      cleanup.push(
        await startQueueWorkers({ bus, repository, recorder: new BehaviourRecorder(events), logger }),
      );
      return { role, bus, repository, events, close: closeAll };
    }
    const runner = await QueueJobRunner.start(bus);
    // train -> evaluate / save in a row must see the records their messages create
    const ryw = readYourWrites(bus, repository);
    const service = await ExperimentService.start({
      registry: await loadRegistry(config.setup),
      repository: ryw.repository,
      events,
      bus: ryw.bus,
      tokens: new SessionTokens(
        loadKeys({
          secretKey: config.secretKey,
          dataDir: config.dataDir ?? './.autolearn',
          env: options.env,
        }),
      ),
      logger,
      runner,
    });
    // the reply queue goes first (while the broker connection is up), pending jobs are rejected
    cleanup.unshift(() => runner.close());
    cleanup.push(() => service.close());
    return { role, bus, service, repository, events, close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

/** A training worker process's work: consume the training-job queue until closed. */
export function startTrainingWorker(config: ScaleConfig, options: RoleOptions = {}): Promise<RoleHandle> {
  return startRole('training', config, options);
}

/** An evaluation worker. */
export function startEvaluationWorker(config: ScaleConfig, options: RoleOptions = {}): Promise<RoleHandle> {
  return startRole('evaluation', config, options);
}
