/** The session service: records not yet saved (list, one with its checkpoint, save), and predict with one. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RecordFilter } from '../../services/stores/types.js';
import { actorOf } from '../auth.js';
import { registerInferenceRoutes } from '../inference-routes.js';
import { recordFilterQuery, recordListSchema, recordViewSchema, tokenParams } from '../schemas.js';
import { ERRORS, type RouteContext, type TokenReq } from './context.js';

export const sessionRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const { client } = ctx;
  const service = ctx.platform.service;
  app.get(
    '/sessions',
    {
      config: { summary: 'List session records (not yet saved)' },
      schema: { querystring: recordFilterQuery, response: { 200: recordListSchema, ...ERRORS } },
    },
    (req: FastifyRequest<{ Querystring: RecordFilter }>) =>
      client.exchange('sessions', () => service.listSessions(req.query, actorOf(req))),
  );
  app.get(
    '/sessions/:token',
    {
      config: { summary: 'One session record, with its model checkpoint' },
      schema: { params: tokenParams, response: { 200: recordViewSchema, ...ERRORS } },
    },
    (req: TokenReq) => client.exchange('session', () => service.getSession(req.params.token, actorOf(req))),
  );
  app.post(
    '/sessions/:token/save',
    {
      config: { summary: 'Save a session record to the permanent store (moves it)' },
      schema: { params: tokenParams, response: { 200: recordViewSchema, ...ERRORS } },
    },
    (req: TokenReq) => client.exchange('save', () => service.save(req.params.token, actorOf(req))),
  );
  registerInferenceRoutes(app, { service, client, session: true, storage: false });
};
