/** Worker entry of run-fits.ts: fits and scores the candidate / fold jobs it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Label } from '../core/data.js';
import { CandidateFitError } from './fit-score.js';
import { type CvWorkerData, type FitJob, runOne, workerContext } from './run-fits.js';
import type { Fold } from './split.js';

const data = workerData as CvWorkerData;
const { base, X, scorers } = workerContext(data);
const y = data.y as readonly Label[];
const folds = data.folds as readonly Fold[];

parentPort?.on('message', async (msg: { id: number; job: FitJob }) => {
  try {
    const result = await runOne(base, X, y, folds, msg.job, {
      scorers,
      returnTrain: data.returnTrain,
      errorScore: data.errorScore,
    });
    parentPort?.postMessage({ id: msg.id, ok: true, result });
  } catch (e) {
    const err = e as Error;
    parentPort?.postMessage({
      id: msg.id,
      ok: false,
      error:
        e instanceof CandidateFitError
          ? { name: e.causeName, code: e.causeCode, message: e.causeMessage, fold: e.fold, params: e.params }
          : {
              name: err?.name ?? 'Error',
              code: 'E_INTERNAL',
              message: String(err?.message ?? e),
              fold: msg.job.fold,
              params: msg.job.params,
            },
    });
  }
});
