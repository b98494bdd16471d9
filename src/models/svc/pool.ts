/**
 * Runs the one-vs-one pairs of an SVC fit on worker threads (libsvm solves them one after the
 * other). Every worker gets the feature matrix once; pairs are handed to whichever worker is
 * free, and results are stored by pair index, so the model does not depend on scheduling.
 */
import { AutolearnError } from '../../core/errors.js';
import { resolveJobs, startWorker } from '../../core/worker.js';
import type { FeatureData, PairJob, PairResult, TrainOptions } from './train.js';

export interface PairWorkerData {
  readonly src: FeatureData;
  readonly opts: TrainOptions;
}

type Reply = { result?: PairResult; error?: string; pair: number };

export async function runPairsOnWorkers(
  src: FeatureData,
  opts: TrainOptions,
  jobs: readonly PairJob[],
  nWorkers: number,
  onResult?: () => void,
): Promise<PairResult[]> {
  const count = Math.max(1, Math.min(resolveJobs(nWorkers), jobs.length));
  const data: PairWorkerData = { src, opts };
  const workers = Array.from({ length: count }, () =>
    startWorker(import.meta.url, 'pair-worker', { workerData: data }),
  );
  const out: PairResult[] = [];
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const give = (): void => {
              if (next >= jobs.length) {
                resolve();
                return;
              }
              w.postMessage(jobs[next++]);
            };
            w.on('message', (r: Reply) => {
              if (r.error !== undefined || !r.result) {
                reject(new AutolearnError('E_WORKER', `SVC worker failed on pair ${r.pair}: ${r.error}`));
                return;
              }
              out.push(r.result);
              give();
              onResult?.();
            });
            w.on('error', (e) =>
              reject(new AutolearnError('E_WORKER', `SVC worker crashed: ${e.message}`, { cause: e })),
            );
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
