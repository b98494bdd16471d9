/**
 * The long-lived worker thread of a training / evaluation worker process (ThreadJobRunner): it
 * fills a Registry once from the setup module (workerData.setup), then runs the jobs posted to it
 * one after the other, answering `{ id, ok, result }` or `{ id, ok: false, error }`. CPU-bound
 * fits run here, so the process's main thread stays free for the broker's heartbeats.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Job, runJob } from '../services/jobs.js';
import { registryFromSetup, workerError } from '../services/worker-setup.js';

const { setup } = workerData as { setup: string };
const ready = registryFromSetup(setup);
ready.catch(() => {}); // reported with each job

let chain: Promise<void> = Promise.resolve();
parentPort?.on('message', ({ id, job }: { id: number; job: Job }) => {
  chain = chain.then(async () => {
    try {
      const result = await runJob(await ready, job);
      parentPort?.postMessage({ id, ok: true, result });
    } catch (e) {
      parentPort?.postMessage({ id, ok: false, error: workerError(e) });
    }
  });
});
