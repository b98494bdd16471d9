/**
 * Routes that use a trained model: predict with a session's or a saved experiment's model (JSON rows
 * or a text/csv body), open an experiment (record, model summary, model card) and download its model
 * (versioned JSON checkpoint, or ONNX with `?format=onnx`). Registered by app.ts with one call.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OnnxExportError } from '../onnx/errors.js';
import type { ExperimentService, RecordPlace } from '../services/experiment-service.js';
import { MAX_PREDICT_ROWS, PredictInputError } from '../services/predict.js';
import { actorOf } from './auth.js';
import type { ClientRecorder } from './client-recorder.js';
import {
  experimentSchema,
  modelQuery,
  modelResponse,
  predictBody,
  predictionSchema,
} from './inference-schemas.js';
import type { JsonSchema } from './schemas.js';
import { errorSchema, tokenParams } from './schemas.js';
import { jobContext } from './worker-pool.js';

/** Largest prediction body (JSON or CSV) in bytes: room for MAX_PREDICT_ROWS rows of a few features. */
export const PREDICT_BODY_LIMIT = 2 * 1024 * 1024;

export interface InferenceRouteDeps {
  readonly service: ExperimentService;
  readonly client: ClientRecorder;
  /** Whether this process serves the session routes / the storage routes (its role). */
  readonly session: boolean;
  readonly storage: boolean;
}

type TokenReq = FastifyRequest<{ Params: { token: string } }>;

/** Typed errors of these routes as Fastify-style 4xx errors (the app's error handler answers them). */
function httpError(e: unknown): unknown {
  if (e instanceof PredictInputError) {
    return Object.assign(new Error(e.message), { statusCode: 400, code: 'invalid_rows' });
  }
  if (e instanceof OnnxExportError) {
    return Object.assign(new Error(e.message), { statusCode: 422, code: 'not_exportable' });
  }
  return e;
}

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw httpError(e);
  }
}

export function registerInferenceRoutes(app: FastifyInstance, deps: InferenceRouteDeps): void {
  const { service, client } = deps;
  const errors = { 400: errorSchema, 404: errorSchema, 413: errorSchema, 500: errorSchema };
  // CSV bodies arrive as text; the service parses them (header = feature names)
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }

  const predictRoute = (url: string, from: RecordPlace, summary: string) =>
    app.post(
      url,
      {
        bodyLimit: PREDICT_BODY_LIMIT,
        config: { summary },
        schema: {
          params: tokenParams,
          body: predictBody as JsonSchema,
          response: { 200: predictionSchema, ...errors },
        },
      },
      (req: FastifyRequest<{ Params: { token: string }; Body: unknown }>) =>
        mapped(() =>
          client.exchange(from === 'session' ? 'predict' : 'predictExperiment', () =>
            // on the pool under the user's fair-queueing key, like training
            jobContext.run({ clientKey: actorOf(req).id }, () =>
              service.predict(req.params.token, req.body, { from, actor: actorOf(req) }),
            ),
          ),
        ),
    );

  if (deps.session) {
    predictRoute(
      '/sessions/:token/predict',
      'session',
      `Predict rows with a session's model (JSON rows or text/csv; at most ${MAX_PREDICT_ROWS} rows, 2 MiB)`,
    );
  }
  if (!deps.storage) return;
  predictRoute(
    '/experiments/:token/predict',
    'experiment',
    `Predict rows with a saved experiment's model (JSON rows or text/csv; at most ${MAX_PREDICT_ROWS} rows, 2 MiB)`,
  );
  app.get(
    '/experiments/:token',
    {
      config: { summary: 'One saved experiment: the record, its model summary and model card' },
      schema: { params: tokenParams, response: { 200: experimentSchema, ...errors } },
    },
    (req: TokenReq) =>
      client.exchange('experiment', () => service.getExperiment(req.params.token, actorOf(req))),
  );
  app.get(
    '/experiments/:token/model',
    {
      config: { summary: "The experiment's model: the versioned JSON checkpoint, or ONNX with ?format=onnx" },
      schema: { params: tokenParams, querystring: modelQuery, response: { 200: modelResponse, ...errors } },
    },
    async (
      req: FastifyRequest<{ Params: { token: string }; Querystring: { format?: string } }>,
      reply: FastifyReply,
    ) =>
      mapped(async () => {
        if (req.query.format === 'onnx') {
          const bytes = await client.exchange('experiment', () =>
            service.exportOnnx(req.params.token, 'experiment', actorOf(req)),
          );
          return reply
            .type('application/octet-stream')
            .header('content-disposition', 'attachment; filename="model.onnx"')
            .send(Buffer.from(bytes));
        }
        const ck = await client.exchange('experiment', () =>
          service.getModel(req.params.token, 'experiment', actorOf(req)),
        );
        return reply.type('application/json').send(ck);
      }),
  );
}
