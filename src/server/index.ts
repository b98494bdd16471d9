/**
 * autolearn/server — the bundled HTTP server (Fastify) over the experiment platform: worker-thread
 * pool, durable job states, client-side behavioural records, admin token, OpenAPI document.
 * @packageDocumentation
 * @module autolearn/server
 */
export {
  ADMIN_TOKEN_ENV,
  ADMIN_TOKEN_FILE,
  type AdminTokenOptions,
  resolveAdminToken,
  tokenMatches,
} from './admin-token.js';
export { type AutolearnServer, createServer, type ServerOptions } from './app.js';
export {
  ALLOWED_HOSTS_ENV,
  actorOf,
  CORS_ORIGINS_ENV,
  DEFAULT_ALLOWED_HOSTS,
  installSecurity,
  type Security,
  type SecurityOptions,
} from './auth.js';
export { CLIENT_AGGREGATE, type ClientOp, ClientRecorder, failurePayload } from './client-recorder.js';
export { DataDirLockedError, LOCK_FILE } from './data-dir-lock.js';
export { createEngine, type Engine, type EngineOptions } from './engine.js';
export { type HttpError, toHttpError } from './errors.js';
export {
  type JobListener,
  JobManager,
  type JobProgress,
  type JobStatus,
  type ProgressEvent,
  type ProgressListener,
} from './job-manager.js';
export { type JobRow, type JobState, JobStore, RESTART_FAILURE, TERMINAL_STATES } from './job-store.js';
export type { RateLimit, RateLimits } from './rate-limit.js';
export { ROLES, type Role } from './roles.js';
export { type JsonSchema, LOG_SERVICES, trainRequestSchema } from './schemas.js';
export {
  CancelledError,
  type JobContext,
  jobContext,
  WorkerPool,
  type WorkerPoolOptions,
} from './worker-pool.js';
