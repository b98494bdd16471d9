/** Worker entry: solves SVC pairs sent by pool.ts with the feature matrix (and device) it received at start. */
import { parentPort, workerData } from 'node:worker_threads';
import type { PairWorkerData } from './pool.js';
import { type PairJob, trainPairFromData } from './train.js';

const { src, opts } = workerData as PairWorkerData;
parentPort?.on('message', async (job: PairJob) => {
  try {
    const result = await trainPairFromData(src, job, opts);
    parentPort?.postMessage({ pair: job.pair, result }, [result.coef.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ pair: job.pair, error: (e as Error).message });
  }
});
