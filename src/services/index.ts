/**
 * autolearn/services — the experiment platform without a server: the ExperimentService facade
 * (catalog, train, evaluate, sessions, save, experiments, behavioural log), session + permanent
 * stores (SQLite / PostgreSQL), short stable public record ids (deterministic AES + HMAC), the message bus with the seed's
 * queues, the worker-thread job runner and the seed's error logger. Drivers load lazily.
 * @packageDocumentation
 * @module autolearn/services
 */
export { RequestValidationError, type Violation } from '../catalog/errors.js';
export * from './accounts/index.js';
export type { NewKey } from './accounts/keys.js';
export { InProcessBus, type MessageBus, type MessageHandler, type QueueName } from './bus.js';
export { type AutolearnConfig, createPlatform, type Platform, type PlatformOptions } from './config.js';
export {
  ConfigError,
  ConflictError,
  DuplicateRecordError,
  ImmutableRecordError,
  InvalidTokenError,
} from './errors.js';
export {
  type ExperimentDetail,
  ExperimentService,
  type ExperimentServiceDeps,
  type Prediction,
  type RecordDetail,
  type RecordPlace,
  type RecordView,
  type TrainHooks,
  type TrainOutcome,
} from './experiment-service.js';
export {
  type DatasetRef,
  type EvaluateJob,
  type EvaluateResult,
  type Job,
  runEvaluateJob,
  runJob,
  runTrainJob,
  type TrainJob,
  type TrainResult,
} from './jobs.js';
export { KeyFileMissingError, NEW_KEY_ENV } from './key-file-errors.js';
export {
  createLogger,
  fileSink,
  formatLogLine,
  type Logger,
  type LoggerOptions,
  type LogSink,
  silentLogger,
  stderrSink,
} from './logger.js';
export type {
  CardedCheckpoint,
  FitTiming,
  InputSteps,
  ModelCard,
  PartMetrics,
  Preprocessing,
} from './model-card.js';
export {
  MAX_PREDICT_ROWS,
  type ModelInputs,
  PredictInputError,
  type PredictJob,
  type PredictResult,
  type PredictRows,
  parsePredictRows,
} from './predict.js';
export { AGGREGATE_SERVICE, BehaviourRecorder, type ServiceAggregate } from './recorder.js';
export {
  BUILTINS_SETUP,
  JobError,
  type JobRunner,
  WorkerJobRunner,
  type WorkerRunnerOptions,
} from './runner.js';
export {
  type QueueWorkerDeps,
  type SessionRecordMessage,
  type SessionUpdateMessage,
  type StorageRecordMessage,
  startQueueWorkers,
} from './session-service.js';
export { openRepository } from './stores/open.js';
export type { PostgresRepositoryOptions } from './stores/postgres-repository.js';
export type {
  ExperimentRecord,
  ExperimentRepository,
  MetricOutcome,
  RecordFilter,
  RecordPatch,
  RecordStatus,
  RecordStore,
  StoreName,
} from './stores/types.js';
export {
  generateKey,
  KEY_ENV,
  KEY_FILE,
  type KeyOptions,
  loadKeys,
  rotateKeyFile,
  type SecretKey,
  SessionTokens,
  secretKey,
} from './tokens.js';
export type { ModelSummary } from './views.js';

import type { PostgresRepositoryOptions } from './stores/postgres-repository.js';
import type { ExperimentRepository } from './stores/types.js';

/** SQLite repository (loads better-sqlite3 on call). */
export async function openSqliteRepository(file: string): Promise<ExperimentRepository> {
  return (await import('./stores/sqlite-repository.js')).openSqliteRepository(file);
}
/** PostgreSQL repository (loads pg on call). */
export async function openPostgresRepository(
  options: PostgresRepositoryOptions,
): Promise<ExperimentRepository> {
  return (await import('./stores/postgres-repository.js')).openPostgresRepository(options);
}
export type { WorkerError } from './worker-setup.js';
