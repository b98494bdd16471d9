/**
 * The platform composed for asynchronous use: createPlatform on a worker-thread pool, the durable job
 * store and the JobManager, and the client-side recorder. The HTTP server and the in-process CLI
 * client both run on it.
 */
import { createPlatform, type Platform, type PlatformOptions } from '../services/config.js';
import { ClientRecorder } from './client-recorder.js';
import { JobManager } from './job-manager.js';
import { JobStore } from './job-store.js';
import { WorkerPool } from './worker-pool.js';

/** The platform's options (the runner is the pool) plus the pool's size. */
export interface EngineOptions extends Omit<PlatformOptions, 'runner'> {
  readonly dataDir: string;
  /** Worker threads for training / evaluation (default: cores, at least 2). */
  readonly poolSize?: number;
  /** Wall-time limit of one job in ms (default 30 min; 0: none). */
  readonly jobTimeoutMs?: number;
  /** Heap limit of one pool worker in MiB (default 2048). */
  readonly jobMemoryMb?: number;
  /** Threads one job may start for nJobs-style parallelism (default: the cores). */
  readonly maxThreadsPerJob?: number;
  /** Pool workers one client may hold at once (default: poolSize - 1, at least 1). */
  readonly maxRunningPerClient?: number;
  /** Jobs one client may have queued (default 64); POST /train answers 429 past it. */
  readonly maxQueuedPerClient?: number;
}

export interface Engine {
  readonly platform: Platform;
  readonly pool: WorkerPool;
  readonly jobs: JobManager;
  readonly store: JobStore;
  readonly client: ClientRecorder;
  /** Lets in-flight jobs finish for `graceMs` (then cancels them) and closes everything. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The server's machinery without HTTP: the platform, the worker pool, the durable job manager and the
 * client recorder, on one data dir; the CLI runs on it in-process.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  // The data dir's lock first: a second process fails (DataDirLockedError) before touching anything.
  const store = await JobStore.open(options.dataDir);
  const pool = new WorkerPool({
    size: options.poolSize,
    setup: options.workerSetup,
    jobTimeoutMs: options.jobTimeoutMs,
    jobMemoryMb: options.jobMemoryMb,
    maxThreadsPerJob: options.maxThreadsPerJob,
    maxRunningPerClient: options.maxRunningPerClient,
    maxQueuedPerClient: options.maxQueuedPerClient,
  });
  let platform: Platform;
  try {
    platform = await createPlatform({ ...options, runner: pool });
  } catch (e) {
    await pool.close();
    store.close();
    throw e;
  }
  const jobs = new JobManager(platform.service, store);
  const client = new ClientRecorder(platform.events);
  let closed: Promise<void> | null = null;
  return {
    platform,
    pool,
    jobs,
    store,
    client,
    close(graceMs = 10_000) {
      closed ??= (async () => {
        await jobs.drain(graceMs);
        await pool.close();
        await platform.close();
        store.close();
      })();
      return closed;
    },
  };
}
