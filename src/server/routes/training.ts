/**
 * The training service: POST /train (202 with the session id; the fit runs on the worker pool),
 * the job's status by polling or as server-sent events (@fastify/sse), and cancel.
 */
import type { SSEPluginOptions } from '@fastify/sse';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { buildCatalog } from '../../catalog/render.js';
import { importOptional } from '../../core/optional-dependency.js';
import { actorOf } from '../auth.js';
import type { JobStatus } from '../job-manager.js';
import { TERMINAL_STATES } from '../job-store.js';
import { QueueFullError } from '../pool-errors.js';
import {
  errorSchema,
  jobStatusSchema,
  tokenParams,
  trainEventsSchema,
  trainRequestSchema,
} from '../schemas.js';
import { checkToken, ERRORS, jobOr404, type RouteContext, type TokenReq } from './context.js';

/** The documented (and Swagger UI's "Try it out") training request: an SVC on Iris. */
export const TRAIN_EXAMPLE = {
  train_data: {
    dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: 0 },
    model: {
      model_name: 'SVC',
      model_task: 'classification',
      model_hyperparams: [{ hyper_param_name: 'C', hyper_param_value: 2 }],
    },
    learning: { loss: 'hinge', learning_algorithm: 'smo', learning_hyperparams: [] },
  },
};

const isOver = (s: JobStatus) => (TERMINAL_STATES as readonly string[]).includes(s.state);

export const trainingRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const { jobs, pool, client } = ctx;
  const mod = await importOptional('@fastify/sse', 'server-sent events', () => import('@fastify/sse'));
  // CommonJS interop: at run time the default import is module.exports, the fastify-plugin-wrapped
  // plugin (its reply.sse decorator reaches this scope); the .d.ts types it as the module namespace
  const sse = mod.default as unknown as FastifyPluginAsync<SSEPluginOptions>;
  await app.register(sse, { heartbeatInterval: 15_000 });

  app.post(
    '/train',
    {
      attachValidation: true,
      config: {
        summary: 'Submit a training request (seed format); 202 with the encrypted session id',
      },
      schema: {
        body: { ...trainRequestSchema(buildCatalog(ctx.platform.registry)), examples: [TRAIN_EXAMPLE] },
        response: { 202: jobStatusSchema, 413: errorSchema, 503: errorSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      if (ctx.isClosing())
        return reply.status(503).send({ error: 'unavailable', message: 'the server is shutting down' });
      if (req.validationError) {
        await client.rejected('train', 'bad_request');
        return reply.status(400).send({
          error: 'bad_request',
          message: `invalid training request: ${req.validationError.message}`,
        });
      }
      const actor = actorOf(req);
      if (!pool.canQueue(actor.id)) throw new QueueFullError('train', pool.maxQueuedPerClient);
      const status = await client.exchange('train', () =>
        jobs.submit(req.body, actor, { clientKey: actor.id }),
      );
      return reply.status(202).header('location', `/train/${status.token}`).send(status);
    },
  );
  app.get(
    '/train/:token',
    {
      config: { summary: 'Status of a training job (poll)' },
      schema: { params: tokenParams, response: { 200: jobStatusSchema, ...ERRORS } },
    },
    async (req: TokenReq) => jobOr404(jobs.status(checkToken(ctx, req.params.token), actorOf(req))),
  );
  app.get(
    '/train/:token/events',
    {
      sse: 'only',
      config: {
        summary:
          'Server-sent events: one `status` event per job state change until it ends, and `progress` events (fraction done) while the fit runs',
      },
      schema: {
        params: tokenParams,
        response: { 200: { content: { 'text/event-stream': { schema: trainEventsSchema } } } },
      },
    },
    async (req: TokenReq, reply: FastifyReply) => {
      const token = checkToken(ctx, req.params.token);
      const first = jobOr404(jobs.status(token, actorOf(req)));
      const send = (event: 'status' | 'progress', data: unknown) => {
        if (reply.sse.isConnected) void reply.sse.send({ event, data }).catch(() => undefined);
      };
      await reply.sse.send({ event: 'status', data: first });
      if (isOver(first)) return;
      reply.sse.keepAlive();
      const offProgress = jobs.subscribeProgress(token, (p) => send('progress', p));
      const offStatus = jobs.subscribe(token, (s) => {
        send('status', s);
        if (isOver(s)) {
          off();
          reply.sse.close();
        }
      });
      const off = () => {
        offStatus();
        offProgress();
      };
      reply.sse.onClose(off);
      // a change between the first read and the subscription
      const now = jobs.status(token);
      if (now && now.state !== first.state) {
        send('status', now);
        if (isOver(now)) {
          off();
          reply.sse.close();
        }
      }
    },
  );
  app.post(
    '/train/:token/cancel',
    {
      config: { summary: 'Cancel a queued or running training job' },
      schema: { params: tokenParams, response: { 200: jobStatusSchema, ...ERRORS } },
    },
    async (req: TokenReq) => {
      const token = checkToken(ctx, req.params.token);
      jobOr404(jobs.status(token, actorOf(req)));
      jobs.cancel(token);
      return (await jobs.waitFor(token))!;
    },
  );
};
