/**
 * The long-lived worker thread of a training / evaluation worker process (ThreadJobRunner): it
 * fills a Registry once from the setup module (workerData.setup), then runs the jobs posted to it
 * one after the other, answering `{ id, ok, result }` or `{ id, ok: false, error }`. CPU-bound
 * fits run here, so the process's main thread stays free for the broker's heartbeats.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Registry } from '../catalog/registry.js';
import { type Job, runJob } from '../services/jobs.js';

type SetupFn = (registry: Registry) => unknown;

const { setup } = workerData as { setup: string };
const ready = (async () => {
  const mod = (await import(setup)) as Record<string, unknown>;
  const fn = (mod.default ?? mod.registerBuiltins ?? mod.setup) as SetupFn | undefined;
  if (typeof fn !== 'function')
    throw new Error(`worker setup module ${setup} exports no registry setup function`);
  const registry = new Registry();
  await fn(registry);
  return registry;
})();
ready.catch(() => {}); // reported with each job

let chain: Promise<void> = Promise.resolve();
parentPort?.on('message', ({ id, job }: { id: number; job: Job }) => {
  chain = chain.then(async () => {
    try {
      const result = await runJob(await ready, job);
      parentPort?.postMessage({ id, ok: true, result });
    } catch (e) {
      const err = e as Error & { code?: string };
      parentPort?.postMessage({
        id,
        ok: false,
        error: {
          name: err?.name ?? 'Error',
          code: err?.code ?? 'E_INTERNAL',
          message: String(err?.message ?? e),
        },
      });
    }
  });
});
