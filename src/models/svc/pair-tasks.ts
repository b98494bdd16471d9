/** Pool task of the SVC (see pool.ts): solves one one-vs-one pair on the shared feature matrix. */
import type { KernelSource } from './q-matrix.js';
import { type PairJob, type PairResult, type TrainOptions, trainPair } from './train.js';

export function solvePair(arg: { src: KernelSource; opts: TrainOptions; job: PairJob }): PairResult {
  return trainPair(arg.src, arg.job, arg.opts);
}
