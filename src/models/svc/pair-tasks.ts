/** Pool task of the SVC (see pool.ts): solves one one-vs-one pair on the shared feature matrix. */
import {
  type FeatureData,
  type PairJob,
  type PairResult,
  type TrainOptions,
  trainPairFromData,
} from './train.js';

export function solvePair(arg: { src: FeatureData; opts: TrainOptions; job: PairJob }): Promise<PairResult> {
  return trainPairFromData(arg.src, arg.job, arg.opts);
}
