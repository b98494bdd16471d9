/**
 * JSON Schemas of the HTTP API, built from the same catalog the training validator checks against
 * (dataset / model / loss / algorithm names become enums, split_test gets its seed bounds), so the
 * OpenAPI document, Fastify's request validation and the service's validator agree. Deeper rules
 * (hyper-parameter types and ranges per model, task match, loss+algorithm pairs) stay in
 * validateTrainRequest, which reports every violation.
 */
import type { SeedCatalog } from '../catalog/types.js';
import { MAX_OBJECT_ENTRIES, MAX_OBJECT_KEY_LENGTH } from '../core/params.js';
import { AGGREGATES } from '../eventsourcing/behavioural.js';
import { CLIENT_AGGREGATE } from './client-recorder.js';
import { CURSOR_PATTERN, DEFAULT_LOG_PAGE, MAX_LOG_PAGE } from './log-pages.js';

export type JsonSchema = Record<string, unknown>;

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const any = {} as const;
const obj = (properties: Record<string, JsonSchema>, required: string[] = [], extra = false): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: extra,
});
const uniq = (xs: string[]): string[] => [...new Set(xs)];

/** Most hyper-parameters in one list (no model has more than a few dozen). */
export const MAX_HYPERPARAMS_PER_LIST = 64;

/**
 * A hyper-parameter value: a number, a string, a boolean, null, or a FLAT object of numbers (a
 * class-weight or prior map: label -> number); nothing nested.
 */
const hyperValue: JsonSchema = {
  type: ['number', 'string', 'boolean', 'null', 'object'],
  maxLength: 1024,
  maxProperties: MAX_OBJECT_ENTRIES,
  propertyNames: { maxLength: MAX_OBJECT_KEY_LENGTH },
  additionalProperties: { type: 'number' },
};

const hyperParams: JsonSchema = {
  type: 'array',
  maxItems: MAX_HYPERPARAMS_PER_LIST,
  items: obj({ hyper_param_name: { type: 'string', maxLength: 128 }, hyper_param_value: hyperValue }, [
    'hyper_param_name',
    'hyper_param_value',
  ]),
};

/** The seed's training request, with the catalog's names as enums. */
export function trainRequestSchema(catalog: SeedCatalog): JsonSchema {
  return obj(
    {
      train_data: obj(
        {
          dataset: obj(
            {
              // not an enum: datasets can be uploaded while the server runs (the catalog check names them)
              dataset_name: { type: 'string', minLength: 1, maxLength: 200 },
              dataset_task: { type: 'string', enum: uniq(catalog.data_lake.map((d) => d.dataset_task)) },
              split_test: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
              split_seed: int,
            },
            ['dataset_name', 'dataset_task', 'split_test'],
          ),
          model: obj(
            {
              model_name: { type: 'string', enum: uniq(catalog.models.map((m) => m.model_name)) },
              model_task: { type: 'string', enum: uniq(catalog.models.map((m) => m.model_task)) },
              model_hyperparams: hyperParams,
            },
            ['model_name', 'model_task'],
          ),
          learning: obj(
            {
              loss: { type: 'string', enum: uniq(catalog.learning.map((l) => l.loss)) },
              learning_algorithm: {
                type: 'string',
                enum: uniq(catalog.learning.map((l) => l.learning_algorithm)),
              },
              learning_hyperparams: hyperParams,
            },
            ['loss', 'learning_algorithm'],
          ),
        },
        ['dataset', 'model', 'learning'],
      ),
    },
    ['train_data'],
  );
}

const paramSpec = obj(
  {
    param_name: str,
    param_type: str,
    default: any,
    range_l: { type: ['number', 'null'] },
    range_u: { type: ['number', 'null'] },
    range_l_exclusive: { type: 'boolean' },
    range_u_exclusive: { type: 'boolean' },
    options: { type: 'array', items: any },
    description: str,
  },
  ['param_name', 'param_type'],
);

export const catalogSchema: JsonSchema = obj(
  {
    data_lake: {
      type: 'array',
      items: obj(
        {
          dataset_name: str,
          dataset_task: str,
          dataset_description: str,
          features: { type: 'array', items: str },
          label: { type: 'array', items: str },
          n_record: int,
          pre_processing: { type: 'array', items: obj({ step: int, computation: str }) },
        },
        ['dataset_name', 'dataset_task'],
      ),
    },
    models: {
      type: 'array',
      items: obj(
        { model_name: str, model_task: str, model_hyperparams: { type: 'array', items: paramSpec } },
        ['model_name', 'model_task'],
      ),
    },
    metrics: { type: 'array', items: obj({ metric_task: str, metric_name: str }) },
    learning: {
      type: 'array',
      items: obj({
        model_reference: obj({ model_name: str, model_task: str }),
        loss: str,
        learning_algorithm: str,
        learning_hyperparams: { type: 'array', items: paramSpec },
      }),
    },
  },
  ['data_lake', 'models', 'metrics', 'learning'],
);

export const tokenParams: JsonSchema = obj(
  { token: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: 512 } },
  ['token'],
);

const progressProps = {
  fraction: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of the fit done, 0..1' },
  iteration: { ...int, description: 'Iterations (trees, epochs, pairs, ...) done' },
  total: { ...int, description: 'Expected iterations, when known' },
  loss: { ...num, description: 'Training loss at this iteration, when the model reports one' },
  message: str,
};

/** The latest progress report of a running job's fit (`fraction` 1 once done). */
export const jobProgressSchema: JsonSchema = obj(progressProps, ['fraction']);

/** Data of an SSE `event: progress` on GET /train/{token}/events. */
export const progressEventSchema: JsonSchema = obj({ token: str, ...progressProps }, [
  'token',
  'fraction',
  'iteration',
]);

export const jobStatusSchema: JsonSchema = obj(
  {
    token: str,
    kind: str,
    state: { type: 'string', enum: ['queued', 'running', 'done', 'failed', 'cancelled'] },
    created_at: int,
    updated_at: int,
    elapsed_ms: int,
    error: { type: ['string', 'null'] },
    progress: jobProgressSchema,
  },
  ['token', 'state', 'created_at'],
);

/**
 * GET /train/{token}/events (text/event-stream): `event: status` with a JobStatus on every state
 * change, `event: progress` with a progress report (at most ~10 a second) while the fit runs.
 */
export const trainEventsSchema: JsonSchema = {
  type: 'string',
  description:
    'Server-sent events. `event: status` (data: a job status, as GET /train/{token}) on every state change until the job ends; `event: progress` (data: {token, fraction, iteration, total?, loss?, message?}) while the fit runs, at most ~10 a second.',
  'x-sse-events': { status: jobStatusSchema, progress: progressEventSchema },
};

const metric = obj({ metric_name: str, metric_value: num }, ['metric_name', 'metric_value']);

export const evalResultSchema: JsonSchema = obj({ token: str, eval_data: { type: 'array', items: metric } }, [
  'token',
  'eval_data',
]);

export const recordViewSchema: JsonSchema = obj(
  {
    token: str,
    created_at: int,
    status: str,
    dataset: str,
    model: str,
    train_data: { type: 'object', additionalProperties: true },
    eval_data: { type: 'array', items: metric },
    checkpoint: str,
  },
  ['token', 'created_at', 'status'],
);

export const recordListSchema: JsonSchema = { type: 'array', items: recordViewSchema };

export const recordFilterQuery: JsonSchema = obj({
  dataset: { type: 'string', maxLength: 256 },
  model: { type: 'string', maxLength: 256 },
  from: { type: 'integer', minimum: 0, maximum: 8.64e15 },
  to: { type: 'integer', minimum: 0, maximum: 8.64e15 },
  limit: { type: 'integer', minimum: 1, maximum: 10_000 },
});

export const LOG_SERVICES: readonly string[] = [...AGGREGATES, CLIENT_AGGREGATE];

/** Unix milliseconds in a query (finite, non-negative: a year-275760 bound). */
const time = { type: 'integer', minimum: 0, maximum: 8.64e15 } as const;

export const logQuery: JsonSchema = obj({
  service: { type: 'string', enum: [...LOG_SERVICES] },
  from: time,
  to: time,
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_LOG_PAGE,
    description: `Records per page (default ${DEFAULT_LOG_PAGE}); the \`x-next-cursor\` response header is set when more remain`,
  },
  cursor: {
    type: 'string',
    pattern: CURSOR_PATTERN,
    maxLength: 40,
    description: 'The `x-next-cursor` header of the previous page: the page after it',
  },
});

export const logRecordSchema: JsonSchema = obj(
  {
    aggregate: str,
    seq: int,
    timestamp: int,
    key: str,
    value: obj(
      {
        source_service: str,
        destination_service: str,
        message_type: str,
        com_type: str,
        payload: str,
      },
      [],
    ),
  },
  ['aggregate', 'timestamp', 'key', 'value'],
);

export const healthSchema: JsonSchema = obj(
  {
    status: str,
    role: str,
    uptime_ms: int,
    jobs: obj({ queued: int, running: int, workers: int, in_flight: int }),
  },
  ['status'],
);

export const errorSchema: JsonSchema = obj(
  {
    error: str,
    message: str,
    violations: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  ['error', 'message'],
);
