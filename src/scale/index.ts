/**
 * autolearn scale-out: the RabbitMQ message bus (durable queues, competing consumers, dead letters,
 * reconnection), the broker-backed job runner and job workers, idempotent Session/Storage writes and
 * one-process-per-role entry points (`startRole`, `src/scale/process-main.ts`).
 * @packageDocumentation
 * @module autolearn/scale
 */
export { parseScaleArgs, SCALE_ROLES, type ScaleConfig, type ScaleRole } from './config.js';
export { idempotentRepository } from './idempotent-repository.js';
export {
  InlineJobRunner,
  JOB_QUEUES,
  type JobKind,
  type JobReply,
  type JobReplyError,
  JobTimeoutError,
  QueueJobRunner,
  type QueueJobRunnerOptions,
  type ServeHooks,
  serveJobs,
  ThreadJobRunner,
} from './job-queue.js';
export {
  ATTEMPTS_HEADER,
  type BusEvent,
  type BusHandler,
  type ConsumeOptions,
  DEAD_SUFFIX,
  type DeliveryInfo,
  ERROR_HEADER,
  type QueueOptions,
  RabbitBus,
  type RabbitBusOptions,
  type SendOptions,
} from './rabbit-bus.js';
export { type ReadYourWrites, readYourWrites } from './read-your-writes.js';
export {
  loadRegistry,
  type RoleHandle,
  type RoleHooks,
  type RoleOptions,
  startEvaluationWorker,
  startRole,
  startTrainingWorker,
} from './roles.js';
export { type RunRoleIo, runRoleMain } from './run-role.js';
