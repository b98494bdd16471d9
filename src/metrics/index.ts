/* Classification metrics with scikit-learn semantics (zero_division=0). */
export { type ConfusionMatrix, confusionMatrix, type LabelsOption } from './confusion.js';
export { uniqueLabels } from './labels.js';
export {
  type AveragePrecisionOptions,
  averagePrecisionScore,
  type BalancedAccuracyOptions,
  balancedAccuracyScore,
  type LogLossOptions,
  logLoss,
  type RocAucOptions,
  rocAucScore,
  type ScoreInput,
} from './ranking.js';
export {
  type ClassificationReport,
  type ClassMetrics,
  classificationReport,
  type EvalDataOptions,
  type EvalDatum,
  type FormatOptions,
  formatReport,
  toEvalData,
} from './report.js';
export {
  type Average,
  accuracyScore,
  averageScores,
  f1Score,
  type LabelCounts,
  labelCounts,
  type Prfs,
  type PrfsPerClass,
  perClassScores,
  precisionScore,
  recallScore,
  type ScoreOptions,
} from './scores.js';
