/**
 * Dataset upload (the seed's future work: "user dataset upload with chosen pre-processing"):
 * `POST /datasets` streams a CSV body to disk under a size limit, checks every cell (a typed 400
 * with line and column otherwise), and registers it in the catalog; `GET /datasets` lists uploads,
 * `GET /datasets/{name}` shows one with a preview, `DELETE /datasets/{name}` removes it.
 * In an encapsulated plugin, so its text/csv parser does not leak into other routes.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CsvError, DataError } from '../core/errors.js';
import {
  type ColumnChoice,
  DatasetUploadError,
  datasetSteps,
  ENCODE_CHOICES,
  IMPUTE_CHOICES,
  type UserDatasetMeta,
  type UserDatasets,
} from '../services/user-datasets.js';
import { actorOf } from './auth.js';
import { errorSchema, type JsonSchema } from './schemas.js';

/** Largest accepted CSV upload (bytes), unless the server is configured otherwise. */
export const DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024;

const str = { type: 'string' } as const;
const columnSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: str,
    kind: { type: 'string', enum: ['number', 'text'] },
    missing: { type: 'integer', description: 'empty cells in the file' },
    impute: { type: ['string', 'null'], enum: [...IMPUTE_CHOICES.filter((c) => c !== 'none'), null] },
    fillValue: { type: ['number', 'string', 'null'] },
    encode: { type: ['string', 'null'], enum: ['onehot', null] },
  },
  required: ['name', 'kind', 'missing', 'impute', 'fillValue', 'encode'],
};
const datasetSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: str,
    description: str,
    label: str,
    features: { type: 'array', items: str },
    scaling: { type: 'string', enum: ['standard', 'minmax', 'none'] },
    columns: {
      type: 'array',
      items: columnSchema,
      description: 'imputation / encoding per feature column (absent: every cell is a number)',
    },
    preProcessing: {
      type: 'array',
      items: {
        type: 'object',
        properties: { step: { type: 'integer' }, computation: str },
        required: ['step', 'computation'],
      },
      description: "the steps applied before the model (the catalog's pre_processing)",
    },
    nRecords: { type: 'integer' },
    sha256: str,
    createdAt: { type: 'integer' },
    owner: str,
    preview: { type: 'array', items: str },
  },
  required: ['name', 'label', 'features', 'scaling', 'nRecords', 'sha256', 'createdAt'],
};
/** The upload's query string (exported for the test that checks its example). */
export const uploadQuery: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,47}$' },
    label: { type: 'string', minLength: 1, maxLength: 200 },
    features: {
      type: 'string',
      maxLength: 10_000,
      description: 'comma-separated feature columns (default: all others)',
    },
    scaling: { type: 'string', enum: ['standard', 'minmax', 'none'], default: 'standard' },
    impute: {
      type: 'string',
      maxLength: 40,
      description: `imputation (SimpleImputer strategy, fitted on the training part) of every feature column with empty cells: ${IMPUTE_CHOICES.join(', ')} (default none: an empty cell is refused with its line and column)`,
    },
    encode: {
      type: 'string',
      maxLength: 40,
      description: `encoding of every text (categorical) feature column: ${ENCODE_CHOICES.join(', ')} (default none: a text cell is refused with its line and column); 'ordinal' is refused (no ordinal encoder)`,
    },
    impute_columns: {
      type: 'string',
      maxLength: 10_000,
      description: 'per-column imputation, overriding impute: comma-separated column:strategy',
    },
    encode_columns: {
      type: 'string',
      maxLength: 10_000,
      description: 'per-column encoding, overriding encode: comma-separated column:encoding',
    },
    fill_value: {
      type: 'string',
      maxLength: 200,
      description:
        "the fill of the 'constant' strategy (a number for numeric columns; default 0, or 'missing_value' for text)",
    },
    description: { type: 'string', maxLength: 500 },
  },
  required: ['name', 'label'],
  additionalProperties: false,
  examples: [
    {
      name: 'customers',
      label: 'churned',
      features: 'age,income,city',
      scaling: 'standard',
      impute: 'median',
      encode: 'onehot',
      impute_columns: 'city:most_frequent',
      description: 'customers with a categorical city column and some empty cells',
    },
  ],
};
const nameParams: JsonSchema = {
  type: 'object',
  properties: { name: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,47}$' } },
  required: ['name'],
};

interface UploadQuery {
  name: string;
  label: string;
  features?: string;
  scaling?: UserDatasetMeta['scaling'];
  impute?: string;
  encode?: string;
  impute_columns?: string;
  encode_columns?: string;
  fill_value?: string;
  description?: string;
}

/** `a:median,color:most_frequent` -> per-column choices (the last ':' splits, names may hold one). */
function columnChoices(q: UploadQuery): Record<string, ColumnChoice> {
  const out: Record<string, { impute?: string; encode?: string }> = {};
  for (const [param, key] of [
    ['impute_columns', 'impute'],
    ['encode_columns', 'encode'],
  ] as const) {
    for (const entry of (q[param] ?? '').split(',')) {
      if (entry.trim() === '') continue;
      const cut = entry.lastIndexOf(':');
      const column = entry.slice(0, cut).trim();
      const value = entry.slice(cut + 1).trim();
      if (cut < 0 || column === '' || value === '')
        throw new DatasetUploadError(`${param}: '${entry}' is not column:choice`, 400);
      out[column] = { ...out[column], [key]: value };
    }
  }
  return out;
}

/** What the routes answer for an upload: its description, with the pre-processing steps. */
function described(meta: UserDatasetMeta) {
  return { ...meta, preProcessing: datasetSteps(meta) };
}

class UploadTooLargeError extends Error {
  readonly statusCode = 413;
  readonly code = 'payload_too_large';
}

/** An HTTP answer for a refused upload: CSV problems keep their line and column, not the temp path. */
function uploadError(e: unknown): { status: number; body: { error: string; message: string } } | null {
  if (e instanceof CsvError) {
    const where = `line ${e.line}${e.column === null ? '' : `, column ${String(e.column)}`}`;
    return { status: 400, body: { error: 'bad_csv', message: `${where}: ${e.reason}` } };
  }
  if (e instanceof DataError) return { status: 400, body: { error: 'bad_csv', message: e.message } };
  if (e instanceof DatasetUploadError) {
    const error = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict' }[e.status];
    return { status: e.status, body: { error, message: e.message } };
  }
  return null;
}

export async function registerDatasetRoutes(
  app: FastifyInstance,
  datasets: UserDatasets,
  limit = DEFAULT_UPLOAD_LIMIT,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'text/plain', 'application/octet-stream'],
      (_req, payload, done) => {
        const file = join(tmpdir(), `autolearn-upload-${randomUUID()}.csv`);
        const out = createWriteStream(file, { mode: 0o600 });
        let bytes = 0;
        let failed = false;
        const fail = (err: Error) => {
          if (failed) return;
          failed = true;
          out.destroy();
          void rm(file, { force: true });
          done(err, undefined);
        };
        payload.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > limit) {
            payload.unpipe(out);
            payload.resume();
            fail(new UploadTooLargeError(`the CSV is larger than the upload limit of ${limit} bytes`));
          }
        });
        payload.on('error', fail);
        out.on('error', fail);
        out.on('finish', () => {
          if (!failed) done(null, { file, bytes });
        });
        payload.pipe(out);
      },
    );

    scope.setErrorHandler((err, _req, reply) => {
      const h = uploadError(err);
      if (h) return reply.status(h.status).send(h.body);
      throw err;
    });

    scope.post(
      '/datasets',
      {
        config: {
          summary:
            'Upload a CSV (header row) as a new dataset: choose the label column, the feature columns, the scaling, and the imputation and encoding (globally or per column)',
        },
        schema: {
          querystring: uploadQuery,
          consumes: ['text/csv'],
          response: {
            201: datasetSchema,
            400: errorSchema,
            409: errorSchema,
            413: errorSchema,
            415: errorSchema,
          },
        },
      },
      async (
        req: FastifyRequest<{ Querystring: UploadQuery; Body: { file: string; bytes: number } }>,
        reply,
      ) => {
        const { file } = req.body ?? {};
        if (!file) return reply.status(400).send({ error: 'bad_request', message: 'the CSV body is empty' });
        try {
          const q = req.query;
          const columns = columnChoices(q);
          const meta = await datasets.add(file, {
            name: q.name,
            label: q.label,
            features: q.features
              ?.split(',')
              .map((f) => f.trim())
              .filter((f) => f !== ''),
            scaling: q.scaling,
            impute: q.impute,
            encode: q.encode,
            fillValue: q.fill_value,
            columns,
            description: q.description,
            owner: actorOf(req).id,
          });
          return reply.status(201).send({ ...described(meta), preview: await datasets.preview(meta.name) });
        } finally {
          await rm(file, { force: true });
        }
      },
    );
    scope.get(
      '/datasets',
      {
        config: { summary: 'Uploaded datasets' },
        schema: { response: { 200: { type: 'array', items: datasetSchema } } },
      },
      async () => datasets.list().map(described),
    );
    scope.get(
      '/datasets/:name',
      {
        config: { summary: 'One uploaded dataset, with the first rows of its file' },
        schema: { params: nameParams, response: { 200: datasetSchema, 404: errorSchema } },
      },
      async (req: FastifyRequest<{ Params: { name: string } }>) => {
        const meta = datasets.get(req.params.name);
        if (!meta) throw new DatasetUploadError(`no uploaded dataset '${req.params.name}'`, 404);
        return { ...described(meta), preview: await datasets.preview(meta.name) };
      },
    );
    scope.delete(
      '/datasets/:name',
      {
        config: { summary: 'Delete an uploaded dataset (its trained sessions and experiments stay)' },
        schema: {
          params: nameParams,
          response: {
            200: { type: 'object', properties: { deleted: str }, required: ['deleted'] },
            404: errorSchema,
          },
        },
      },
      async (req: FastifyRequest<{ Params: { name: string } }>) => {
        await datasets.remove(req.params.name, actorOf(req));
        return { deleted: req.params.name };
      },
    );
  });
}
