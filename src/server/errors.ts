/** Maps typed errors to HTTP answers `{ error, message, violations? }`. */
import { RequestValidationError } from '../catalog/errors.js';
import { AutolearnError, NotFoundError } from '../core/errors.js';
import { StoreUnavailableError } from '../eventsourcing/errors.js';
import { ConflictError, InvalidTokenError } from '../services/errors.js';
import { JobError } from '../services/runner.js';
import { JobMemoryError, JobTimeoutError, QueueFullError } from './pool-errors.js';

export interface HttpError {
  readonly status: number;
  readonly body: { error: string; message: string; violations?: readonly unknown[] };
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  validation?: unknown;
  message: string;
}

/**
 * Maps any error to the HTTP status and JSON body the server answers with (`{error, message[,
 * violations]}`; 4xx for bad input, 500 otherwise).
 */
export function toHttpError(e: unknown): HttpError {
  if (e instanceof RequestValidationError) {
    return { status: 400, body: { error: 'bad_request', message: e.message, violations: e.violations } };
  }
  if (e instanceof InvalidTokenError)
    return { status: 400, body: { error: 'invalid_token', message: e.message } };
  if (e instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: e.message } };
  if (e instanceof QueueFullError) return { status: 429, body: { error: 'queue_full', message: e.message } };
  if (e instanceof JobTimeoutError || e instanceof JobMemoryError)
    return { status: 503, body: { error: 'job_limit', message: e.message } };
  if (e instanceof ConflictError) return { status: 409, body: { error: 'conflict', message: e.message } };
  if (e instanceof StoreUnavailableError)
    return { status: 503, body: { error: 'store_unavailable', message: e.message } };
  if (e instanceof JobError) return { status: 500, body: { error: 'job_failed', message: e.message } };
  if (e instanceof AutolearnError)
    return { status: 500, body: { error: 'internal_server_error', message: e.message } };
  const f = e as FastifyLikeError;
  if (f?.validation) return { status: 400, body: { error: 'bad_request', message: f.message } };
  if (f?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || f?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return { status: 400, body: { error: 'malformed_json', message: `malformed JSON body: ${f.message}` } };
  }
  if (f?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { error: 'payload_too_large', message: f.message } };
  }
  if (f?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      body: { error: 'unsupported_media_type', message: `${f.message}; send application/json` },
    };
  }
  if (typeof f?.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500) {
    return { status: f.statusCode, body: { error: f.code ?? 'bad_request', message: f.message } };
  }
  return { status: 500, body: { error: 'internal_server_error', message: String(f?.message ?? e) } };
}
