/* Losses: value and gradient of a model's flat parameter vector on a batch, on any backend. */

export { CrossEntropyLoss, type CrossEntropyOptions, crossEntropy } from './cross-entropy.js';
export { defaultThreads, shutdownCrossEntropyPool } from './cross-entropy-pool.js';
export { criterionByName, entropy, entropyImpurity } from './entropy.js';
export { gini, giniImpurity, type ImpurityCriterion } from './gini.js';
export { HingeLoss } from './hinge.js';
export type { MarginLossOptions } from './margin.js';
export { SquaredHingeLoss } from './squared-hinge.js';
export type { Loss, LossBatch } from './types.js';
