/**
 * Starts worker threads from a module that sits next to the caller, both when running compiled
 * JavaScript (dist/) and TypeScript sources (tests, benchmarks: loaded through tsx).
 */
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(callerUrl: string, basename: string, given: WorkerOptions = {}): Worker {
  // a heap cap set for this thread (the server's pool worker) applies to the threads it starts too
  const options: WorkerOptions =
    memoryCap !== null && !given.resourceLimits
      ? { ...given, resourceLimits: { maxOldGenerationSizeMb: memoryCap } }
      : given;
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`./${basename}${fromSource ? '.ts' : '.js'}`, callerUrl);
  if (!fromSource) return new Worker(url, options);
  // Node 20 loads a worker's entry module before `--import` hooks given in execArgv run (the .ts
  // entry then fails with ERR_UNKNOWN_FILE_EXTENSION), so register tsx first, then import the entry.
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** Upper bound of every nJobs-style hyper-parameter's ParamSpec (`max`). */
export const MAX_JOBS = 256;

let threadCap = Number.POSITIVE_INFINITY;
let memoryCap: number | null = null;

/**
 * Heap limit (MiB, V8 old generation) of every worker thread started from this thread without its
 * own resourceLimits; null: none. The server's pool worker sets its own limit, so that the threads
 * a job starts (forest trees, SVC pairs) are bounded like the job itself.
 */
export function setWorkerMemoryCap(mb: number | null): void {
  memoryCap = mb !== null && Number.isFinite(mb) && mb > 0 ? Math.floor(mb) : null;
}

/** The heap cap set by setWorkerMemoryCap (null when none). */
export function memoryCapOf(): number | null {
  return memoryCap;
}

/**
 * Caps the worker threads one job may start in this thread (the server's pool worker sets it from
 * its `maxThreadsPerJob` option); Infinity (the default) leaves only the machine's cores as a cap.
 */
export function setThreadCap(n: number): void {
  threadCap = Number.isFinite(n) && n >= 1 ? Math.floor(n) : Number.POSITIVE_INFINITY;
}

/** The cap set by setThreadCap (Infinity when none). */
export function threadCapOf(): number {
  return threadCap;
}

/**
 * Worker threads to use for an nJobs-style request: a negative value means every core; the result
 * is at least 1 and at most the machine's cores (os.availableParallelism()) and the thread cap.
 * Every pool of worker threads (forest, SVC pairs, cross-entropy rows) sizes itself through it.
 */
export function resolveJobs(requested: number): number {
  const cores = Math.max(1, Math.min(availableParallelism(), threadCap));
  if (!Number.isFinite(requested) || requested < 0) return cores;
  return Math.max(1, Math.min(Math.floor(requested), cores));
}
