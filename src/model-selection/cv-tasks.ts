/** Pool task of run-fits.ts: fits and scores one candidate / fold job. */
import type { Label } from '../core/data.js';
import type { DataLike } from '../preprocessing/data.js';
import { CandidateFitError } from './fit-score.js';
import { type CvReply, type CvWorkerData, type FitJob, runOne, workerContext } from './run-fits.js';
import type { ScorerFn } from './scoring.js';
import type { Fold } from './split.js';

/** The rebuilt estimator, X and scorers of the last few runs this thread served. */
const contexts = new Map<string, { base: object; X: DataLike; scorers: ScorerFn[] }>();
const KEEP = 4;

export async function fitJob(arg: { dataId: string; data: CvWorkerData; job: FitJob }): Promise<CvReply> {
  const { data, job } = arg;
  let ctx = contexts.get(arg.dataId);
  if (!ctx) {
    ctx = workerContext(data);
    contexts.set(arg.dataId, ctx);
    while (contexts.size > KEEP) contexts.delete(contexts.keys().next().value as string);
  }
  try {
    const result = await runOne(
      ctx.base,
      ctx.X,
      data.y as readonly Label[],
      data.folds as readonly Fold[],
      job,
      {
        scorers: ctx.scorers,
        returnTrain: data.returnTrain,
        errorScore: data.errorScore,
      },
    );
    return { ok: true, result };
  } catch (e) {
    const err = e as Error;
    return {
      ok: false,
      error:
        e instanceof CandidateFitError
          ? { name: e.causeName, code: e.causeCode, message: e.causeMessage, fold: e.fold, params: e.params }
          : {
              name: err?.name ?? 'Error',
              code: 'E_INTERNAL',
              message: String(err?.message ?? e),
              fold: job.fold,
              params: job.params,
            },
    };
  }
}
