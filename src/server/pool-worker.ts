/**
 * A long-lived worker thread of the server's pool: registers the models/datasets once (workerData
 * `{ setup, nice, maxThreads, memoryMb }`: maxThreads caps the threads one job may start, memoryMb
 * is the heap limit of the threads it starts), then runs one job per message `{ id, job }`, posting `{ id, type: 'started' }`,
 * fit progress `{ id, type: 'progress', event }` (<= 10/s) and then `{ id, type: 'result', ok, result | error }`.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { setThreadCap, setWorkerMemoryCap } from '../core/worker.js';
import { shutdownCrossEntropyPool } from '../losses/cross-entropy-pool.js';
import { closeForestPool } from '../models/forest/pool.js';
import { type Job, runJob, throttleProgress } from '../services/jobs.js';
import { registryFromSetup, workerError } from '../services/worker-setup.js';

const { setup, nice, maxThreads, memoryMb } = workerData as {
  setup: string;
  nice: number;
  maxThreads?: number;
  memoryMb?: number;
};

// every nJobs-style request of a job run here is clamped to this (and to the machine's cores)
if (typeof maxThreads === 'number') setThreadCap(maxThreads);
// and every thread a job starts gets this worker's heap limit
if (typeof memoryMb === 'number') setWorkerMemoryCap(memoryMb);

// Lower this thread's CPU priority (on Linux setpriority(0) applies to the calling thread only), so
// the HTTP event loop on the main thread is scheduled first while fits saturate the cores.
if (nice > 0) {
  try {
    setPriority(nice);
  } catch {
    // not permitted here: run at the normal priority
  }
}

const ready = registryFromSetup(setup);
ready.catch(() => undefined);

parentPort?.on('message', async (m: { id: number; job: Job }) => {
  let reply: { ok: true; result: unknown } | { ok: false; error: ReturnType<typeof workerError> };
  try {
    const registry = await ready;
    parentPort?.postMessage({ id: m.id, type: 'started' });
    // fit progress, at most 10 reports a second: `{ id, type: 'progress', event }`
    const progress = throttleProgress((event) =>
      parentPort?.postMessage({ id: m.id, type: 'progress', event }),
    );
    reply = { ok: true, result: await runJob(registry, m.job, progress) };
  } catch (e) {
    reply = { ok: false, error: workerError(e) };
  }
  // the threads a job started (forest trees, loss rows) end with it, before it is reported done:
  // threads and memory return to the idle worker's baseline between jobs
  await Promise.all([closeForestPool(), shutdownCrossEntropyPool()]).catch(() => undefined);
  parentPort?.postMessage({ id: m.id, type: 'result', ...reply });
});
