/**
 * The library's one worker pool (piscina): every parallel computation (forest trees and forest
 * prediction, SVC one-vs-one pairs, cross-entropy row blocks, search / cross-validation fits) runs
 * as a task on it. A task names a module and one of its exported functions; the function runs on a
 * pool thread with the task's argument (big arrays travel as SharedArrayBuffers, so they are not
 * copied). Threads start lazily, are shared by every caller in this thread, are unref'd while idle
 * (the pool never keeps the process alive) and are bounded by the machine's cores and the thread
 * cap (setThreadCap); the memory cap (setWorkerMemoryCap) bounds each one's heap.
 */
import { fileURLToPath } from 'node:url';
import type { Transferable } from 'node:worker_threads';
import { AutolearnError } from './errors.js';
import { memoryCapOf, resolveJobs } from './worker.js';

type PiscinaCtor = typeof import('piscina').Piscina;
type PiscinaPool = InstanceType<PiscinaCtor>;

/** What a pool thread runs: `fn` exported by the module at `module` (a file URL), with `arg`. */
export interface PoolTask {
  readonly module: string;
  readonly fn: string;
  readonly arg: unknown;
}

let pool: PiscinaPool | null = null;
let poolThreads = 0;
let poolMemory: number | null = null;
let loading: Promise<PiscinaCtor> | null = null;

const fromSource = import.meta.url.endsWith('.ts');

async function piscina(): Promise<PiscinaCtor> {
  loading ??= import('piscina').then((m) => m.Piscina);
  return loading;
}

/** The pool when it exists and the caps have not changed since it was made, else null. */
function currentPool(): PiscinaPool | null {
  return pool && poolThreads === resolveJobs(-1) && poolMemory === memoryCapOf() ? pool : null;
}

/** The pool, created (or re-created when the caps changed) on first use. */
async function getPool(): Promise<PiscinaPool> {
  const threads = resolveJobs(-1);
  const memory = memoryCapOf();
  const current = currentPool();
  if (current) return current;
  const Piscina = await piscina();
  if (pool && (poolThreads !== threads || poolMemory !== memory)) {
    const old = pool;
    pool = null;
    void old.destroy().catch(() => {});
  }
  if (!pool) {
    pool = new Piscina({
      filename: fileURLToPath(new URL(`./pool-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url)),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 30_000,
      // TypeScript sources (tests, benchmarks) load through tsx, registered before the entry imports
      execArgv: fromSource ? ['--import', 'tsx'] : [],
      ...(memory !== null ? { resourceLimits: { maxOldGenerationSizeMb: memory } } : {}),
    });
    poolThreads = threads;
    poolMemory = memory;
  }
  return pool;
}

/**
 * Runs one task on the pool. A task that throws rejects with an AutolearnError carrying its message
 * (and, as `cause`, the error itself); a thread that dies rejects the tasks it held. Once the pool
 * exists the task is handed to an idle thread before this returns, so a caller that computes its
 * own share synchronously right after runs alongside the thread, not before it.
 */
export function runTask<T>(task: PoolTask, transferList?: readonly Transferable[]): Promise<T> {
  const run = (p: PiscinaPool): Promise<T> =>
    (p.run(task, transferList ? { transferList: [...transferList] as never } : {}) as Promise<T>).catch(
      (e: unknown) => {
        if (e instanceof AutolearnError) throw e;
        const message = e instanceof Error ? e.message : String(e);
        throw new AutolearnError('E_WORKER', `worker task ${task.fn} failed: ${message}`, { cause: e });
      },
    );
  const current = currentPool();
  return current ? run(current) : getPool().then(run);
}

/** A task of `fn` exported by the module next to `callerUrl` named `basename` (.ts or .js like the caller). */
export function taskOf(callerUrl: string, basename: string, fn: string, arg: unknown): PoolTask {
  const ext = callerUrl.endsWith('.ts') ? 'ts' : 'js';
  return { module: new URL(`./${basename}.${ext}`, callerUrl).href, fn, arg };
}

let warm = 0;
let warming: Promise<void> | null = null;

/**
 * Starts up to `n` threads in the background (no-op tasks) so that later tasks find them booted;
 * `warmThreads()` tells how many have answered. Callers that must not wait for a boot (an
 * optimizer's first evaluations) run serially until then.
 */
export function warmUp(n: number): void {
  if (warm >= n || warming) return;
  const want = Math.min(n, poolSize());
  warming = Promise.all(
    Array.from({ length: want }, () => runTask(taskOf(import.meta.url, 'pool-worker', 'ping', null))),
  )
    .then(() => {
      warm = Math.max(warm, want);
    })
    .catch(() => {})
    .finally(() => {
      warming = null;
    });
}

/** Threads known to be booted (see warmUp). */
export function warmThreads(): number {
  return warm;
}

/**
 * `a` itself when its memory is a SharedArrayBuffer, else a copy in one: what a task argument's
 * big arrays go through, so that the pool threads read them without a copy per task.
 */
export function inSharedMemory<T extends Float64Array | Float32Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const s = new Ctor(new SharedArrayBuffer(a.byteLength));
  s.set(a as never);
  return s;
}

/** Threads the pool may run at once now (cores, bounded by the thread cap). */
export function poolSize(): number {
  return resolveJobs(-1);
}

/** Stops the pool's threads (the next task starts new ones). */
export async function closePool(): Promise<void> {
  const p = pool;
  pool = null;
  warm = 0;
  if (p) await p.destroy();
}
