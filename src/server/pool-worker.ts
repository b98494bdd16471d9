/**
 * A long-lived worker thread of the server's pool: registers the models/datasets once (workerData
 * `{ setup, nice }`), then runs one job per message `{ id, job }`, posting `{ id, type: 'started' }` and
 * then `{ id, type: 'result', ok, result | error }`.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Registry } from '../catalog/registry.js';
import { type Job, runJob } from '../services/jobs.js';

type SetupFn = (registry: Registry) => unknown;

const { setup, nice } = workerData as { setup: string; nice: number };

// Lower this thread's CPU priority (on Linux setpriority(0) applies to the calling thread only), so
// the HTTP event loop on the main thread is scheduled first while fits saturate the cores.
if (nice > 0) {
  try {
    setPriority(nice);
  } catch {
    // not permitted here: run at the normal priority
  }
}

const ready = (async () => {
  const mod = (await import(setup)) as Record<string, unknown>;
  const fn = (mod.default ?? mod.registerBuiltins ?? mod.setup) as SetupFn | undefined;
  if (typeof fn !== 'function')
    throw new Error(`worker setup module ${setup} exports no registry setup function`);
  const registry = new Registry();
  await fn(registry);
  return registry;
})();
ready.catch(() => undefined);

parentPort?.on('message', async (m: { id: number; job: Job }) => {
  try {
    const registry = await ready;
    parentPort?.postMessage({ id: m.id, type: 'started' });
    const result = await runJob(registry, m.job);
    parentPort?.postMessage({ id: m.id, type: 'result', ok: true, result });
  } catch (e) {
    const err = e as Error & { code?: string };
    parentPort?.postMessage({
      id: m.id,
      type: 'result',
      ok: false,
      error: {
        name: err?.name ?? 'Error',
        code: err?.code ?? 'E_INTERNAL',
        message: String(err?.message ?? e),
      },
    });
  }
});
