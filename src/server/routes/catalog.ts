/** The catalog service: GET /catalog, and the uploaded datasets that extend it (dataset-routes.ts). */
import type { FastifyPluginAsync } from 'fastify';
import { UserDatasets } from '../../services/user-datasets.js';
import { registerDatasetRoutes } from '../dataset-routes.js';
import { catalogSchema } from '../schemas.js';
import { ERRORS, type RouteContext } from './context.js';

export const catalogRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const service = ctx.platform.service;
  app.get(
    '/catalog',
    {
      config: { summary: 'The catalog: datasets, models, learning choices, metrics' },
      schema: { response: { 200: catalogSchema, ...ERRORS } },
    },
    () => ctx.client.exchange('catalog', () => service.catalog()),
  );
  await registerDatasetRoutes(
    app,
    await UserDatasets.open(ctx.dataDir, ctx.platform.registry),
    ctx.uploadLimit,
  );
};
