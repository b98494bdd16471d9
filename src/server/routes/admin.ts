/** The admin service (admin role): the behavioural log, paginated, and user management. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  type BehaviouralPayload,
  type LoggedRecord,
  toLoggedRecord,
} from '../../eventsourcing/behavioural.js';
import { LOG_PAGE_HEADERS, logPage, parseCursor } from '../log-pages.js';
import { errorSchema, logQuery, logRecordSchema } from '../schemas.js';
import { registerUserRoutes } from '../user-routes.js';
import { ERRORS, type RouteContext } from './context.js';

type LogQuery = { service?: string; from?: number; to?: number; limit?: number; cursor?: string };

export const adminRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  app.get(
    '/admin/logs',
    {
      config: {
        summary:
          'Behavioural log: one service/queue or all, time ordered, optional time range; paginated (limit + cursor)',
        admin: true,
      },
      schema: {
        querystring: logQuery,
        response: {
          200: { type: 'array', items: logRecordSchema, headers: LOG_PAGE_HEADERS },
          401: errorSchema,
          403: errorSchema,
          ...ERRORS,
        },
      },
    },
    async (req: FastifyRequest<{ Querystring: LogQuery }>, reply) => {
      const q = req.query;
      const cursor = parseCursor(q.cursor);
      const events = await ctx.platform.events.readAll<BehaviouralPayload>({
        from: cursor ? Math.max(q.from ?? 0, cursor.timestamp) : q.from,
        to: q.to,
        ...(q.service ? { entityIds: [q.service] } : {}),
      });
      const { page, next } = logPage(events, cursor, q.limit);
      if (next) void reply.header('x-next-cursor', next);
      return page.map(toLoggedRecord) satisfies LoggedRecord[];
    },
  );
  registerUserRoutes(app, ctx.accounts);
};
