/** The storage service: saved experiments (list, open, model download, predict). */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RecordFilter } from '../../services/stores/types.js';
import { actorOf } from '../auth.js';
import { registerInferenceRoutes } from '../inference-routes.js';
import { recordFilterQuery, recordListSchema } from '../schemas.js';
import { ERRORS, type RouteContext } from './context.js';

export const storageRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const service = ctx.platform.service;
  app.get(
    '/experiments',
    {
      config: { summary: 'List saved experiments (permanent store)' },
      schema: { querystring: recordFilterQuery, response: { 200: recordListSchema, ...ERRORS } },
    },
    (req: FastifyRequest<{ Querystring: RecordFilter }>) =>
      ctx.client.exchange('experiments', () => service.listExperiments(req.query, actorOf(req))),
  );
  registerInferenceRoutes(app, { service, client: ctx.client, session: false, storage: true });
};
