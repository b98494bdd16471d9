/**
 * Worker thread of the Training / Evaluation services. workerData: `{ setup, job }` where `setup` is
 * the URL of a module whose `default` (or `registerBuiltins` / `setup`) export fills a Registry with
 * the models and datasets. Posts `{ ok: true, result }` or `{ ok: false, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Registry } from '../catalog/registry.js';
import { type Job, runJob } from './jobs.js';

type SetupFn = (registry: Registry) => unknown;

const { setup, job } = workerData as { setup: string; job: Job };

try {
  const mod = (await import(setup)) as Record<string, unknown>;
  const fn = (mod.default ?? mod.registerBuiltins ?? mod.setup) as SetupFn | undefined;
  if (typeof fn !== 'function')
    throw new Error(`worker setup module ${setup} exports no registry setup function`);
  const registry = new Registry();
  await fn(registry);
  const result = await runJob(registry, job);
  parentPort?.postMessage({ ok: true, result });
} catch (e) {
  const err = e as Error & { code?: string };
  parentPort?.postMessage({
    ok: false,
    error: {
      name: err?.name ?? 'Error',
      code: err?.code ?? 'E_INTERNAL',
      message: String(err?.message ?? e),
    },
  });
}
