/**
 * Worker thread of the Training / Evaluation services. workerData: `{ setup, job }` where `setup` is
 * the URL of a module whose `default` (or `registerBuiltins` / `setup`) export fills a Registry with
 * the models and datasets. Posts `{ ok: true, result }` or `{ ok: false, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Job, runJob } from './jobs.js';
import { registryFromSetup, workerError } from './worker-setup.js';

const { setup, job } = workerData as { setup: string; job: Job };

try {
  const registry = await registryFromSetup(setup);
  const result = await runJob(registry, job);
  parentPort?.postMessage({ ok: true, result });
} catch (e) {
  parentPort?.postMessage({ ok: false, error: workerError(e) });
}
