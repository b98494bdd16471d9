/** The evaluation service: metrics of a session's model on its test and training sets. */
import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../auth.js';
import { evalResultSchema, tokenParams } from '../schemas.js';
import { jobContext } from '../worker-pool.js';
import { ERRORS, type RouteContext, type TokenReq } from './context.js';

export const evaluationRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.post(
    '/sessions/:token/evaluate',
    {
      config: { summary: 'Evaluate a trained session on its test and training sets' },
      schema: { params: tokenParams, response: { 200: evalResultSchema, ...ERRORS } },
    },
    (req: TokenReq) =>
      ctx.client.exchange('evaluate', () =>
        jobContext.run({ clientKey: actorOf(req).id }, () =>
          ctx.platform.service.evaluate(req.params.token, actorOf(req)),
        ),
      ),
  );
};
