/**
 * What every service's route plugin gets from createServer: the platform's parts, the caller-facing
 * recorder, and the few helpers the routes share. One plugin per service (catalog, training,
 * evaluation, session, storage, admin), registered by role.
 */
import type { FastifyRequest } from 'fastify';
import type { AccountStore } from '../../services/accounts/types.js';
import type { Platform } from '../../services/config.js';
import type { ClientRecorder } from '../client-recorder.js';
import type { JobManager, JobStatus } from '../job-manager.js';
import { errorSchema } from '../schemas.js';
import type { WorkerPool } from '../worker-pool.js';

export interface RouteContext {
  readonly platform: Platform;
  readonly client: ClientRecorder;
  readonly jobs: JobManager;
  readonly pool: WorkerPool;
  readonly accounts: AccountStore;
  readonly dataDir: string;
  /** Largest accepted CSV upload (POST /datasets), bytes. */
  readonly uploadLimit?: number;
  /** True once the server is shutting down (new work answers 503). */
  readonly isClosing: () => boolean;
}

export type TokenReq = FastifyRequest<{ Params: { token: string } }>;

/** The error answers every route documents (the security and bound statuses are added globally). */
export const ERRORS = { 400: errorSchema, 404: errorSchema, 500: errorSchema } as const;

/** Rejects a forged / altered session id (InvalidTokenError -> 400) before touching anything. */
export function checkToken(ctx: RouteContext, token: string): string {
  ctx.platform.tokens.decrypt(token);
  return token;
}

export function jobOr404(s: JobStatus | null): JobStatus {
  if (!s)
    throw Object.assign(new Error('no training job with this session id'), {
      statusCode: 404,
      code: 'not_found',
    });
  return s;
}
