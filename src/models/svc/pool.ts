/**
 * Runs the one-vs-one pairs of an SVC fit as tasks on the library's worker pool (libsvm solves
 * them one after the other). The feature matrix is put in a SharedArrayBuffer once (each pool
 * thread computes with the kernels of the model's device); pairs are handed to whichever thread is free, and results are stored by pair index, so the
 * model does not depend on scheduling.
 */
import { AutolearnError } from '../../core/errors.js';
import { inSharedMemory, runTask, taskOf } from '../../core/pool.js';
import { resolveJobs } from '../../core/worker.js';
import type { FeatureData, PairJob, PairResult, TrainOptions } from './train.js';

export async function runPairsOnWorkers(
  src: FeatureData,
  opts: TrainOptions,
  jobs: readonly PairJob[],
  nWorkers: number,
  onResult?: () => void,
): Promise<PairResult[]> {
  const count = Math.max(1, Math.min(resolveJobs(nWorkers), jobs.length));
  const sharedSrc: FeatureData = { ...src, X: inSharedMemory(src.X) };
  const out: PairResult[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as PairJob;
        const result = await runTask<PairResult>(
          taskOf(import.meta.url, 'pair-tasks', 'solvePair', { src: sharedSrc, opts, job }),
        ).catch((e: Error) => {
          throw new AutolearnError('E_WORKER', `SVC worker failed on pair ${job.pair}: ${e.message}`, {
            cause: e,
          });
        });
        out.push(result);
        onResult?.();
      }
    }),
  );
  return out;
}
