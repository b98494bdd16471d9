/**
 * What @fastify/swagger needs to turn the routes' own schemas into this server's OpenAPI 3.1
 * document (dynamic mode: the document is generated from the schemas Fastify validates with, so the
 * two cannot drift). Its options, and one per-route `transform` that reads this server's route
 * config: `summary`, `hidden` (left out of the document) and `auth` (set by auth.ts: the bearer
 * security requirement); it names every operation (operationId from the method and the path, tag
 * from the path's first segment) unless the route's schema names it, and describes every answer by
 * its HTTP status. Examples are the schemas' own `examples` (@fastify/swagger moves a request or
 * answer schema's first one into the media type's `example`, which Swagger UI's "Try it out" sends).
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyDynamicSwaggerOptions, SwaggerTransform } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { libraryVersion } from '../services/model-card.js';
import { SECURITY_SCHEME } from './auth.js';
import type { JsonSchema } from './schemas.js';

/** The route config this document reads (see auth.ts and rate-limit.ts for the rest). */
interface DocConfig {
  summary?: string;
  hidden?: boolean;
  auth?: boolean;
}

/** `post /sessions/:token/evaluate` -> `postSessionsTokenEvaluate` (unique per method and path). */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((w) => w !== '')
    .map((w) =>
      w
        .replace(/^:/, '')
        .replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()),
    );
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Each answer described by its status (`202` -> `Accepted`) unless its schema says otherwise. */
function describedResponses(response: unknown): Record<string, JsonSchema> | undefined {
  if (!response) return undefined;
  return Object.fromEntries(
    Object.entries(response as Record<string, JsonSchema>).map(([code, s]) => [
      code,
      { 'x-response-description': STATUS_CODES[code] ?? 'Response', ...s },
    ]),
  );
}

/** The per-route transform: this server's route config as OpenAPI operation fields. */
export const documentRoute: SwaggerTransform = ({ schema, url, route }) => {
  const cfg = (route.config ?? {}) as DocConfig;
  const own: FastifySchema = schema ?? {};
  if (cfg.hidden) return { schema: { ...own, hide: true }, url };
  const method = [route.method].flat().find((m) => m !== 'HEAD') ?? 'GET';
  return {
    url,
    schema: {
      ...own,
      operationId: own.operationId ?? operationIdOf(method, url),
      tags: own.tags ?? [url.split('/')[1] || 'server'],
      ...(own.summary === undefined && cfg.summary !== undefined ? { summary: cfg.summary } : {}),
      ...(cfg.auth ? { security: [{ [SECURITY_SCHEME]: [] }] } : {}),
      ...(own.response ? { response: describedResponses(own.response) } : {}),
    },
  };
};

/** The @fastify/swagger options of this server's document. */
export function openApiOptions(): FastifyDynamicSwaggerOptions {
  return {
    mode: 'dynamic',
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'autolearn',
        version: libraryVersion(),
        description:
          'The experiment platform over HTTP. Every route but `/health` needs `Authorization: Bearer <api key>` ("Authorize").',
      },
      components: {
        securitySchemes: {
          [SECURITY_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (`autolearn admin users create NAME`) or the admin key file',
          },
        },
      },
    },
    transform: documentRoute,
  };
}
