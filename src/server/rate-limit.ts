/**
 * Per-client rate limits (@fastify/rate-limit) on every route: at most `max` requests per
 * `timeWindowMs` per client (the remote address), 429 with `retry-after` past it. GET /catalog has
 * its own, lower limit, because every catalog read appends behavioural records (the seed logs each
 * exchange): the limit bounds how fast anonymous reads can grow the event log.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { importOptional } from '../core/optional-dependency.js';
import { RequestBoundError } from './bounds.js';

export interface RateLimit {
  /** Requests per window per client. */
  readonly max: number;
  /** Window length in ms. */
  readonly timeWindowMs: number;
}

export interface RateLimits {
  /** Every route (default 6,000 requests a minute per client); false: no limit. */
  readonly all?: RateLimit | false;
  /** GET /catalog (default 60 a minute per client); false: only `all` applies. */
  readonly catalog?: RateLimit | false;
  /** The client key (default: the remote address). */
  readonly key?: (req: FastifyRequest) => string;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { max: 6000, timeWindowMs: 60_000 };
export const DEFAULT_CATALOG_RATE_LIMIT: RateLimit = { max: 60, timeWindowMs: 60_000 };

/** Registers the limits; call before any route is added. */
export async function installRateLimits(app: FastifyInstance, limits: RateLimits = {}): Promise<void> {
  const all = limits.all === undefined ? DEFAULT_RATE_LIMIT : limits.all;
  const catalog = limits.catalog === undefined ? DEFAULT_CATALOG_RATE_LIMIT : limits.catalog;
  if (!all && !catalog) return;
  if (catalog) {
    // read by the plugin's own onRoute hook, which runs after this one
    app.addHook('onRoute', (r: RouteOptions) => {
      if (r.url !== '/catalog') return;
      r.config = {
        ...(r.config as object),
        rateLimit: { max: catalog.max, timeWindow: catalog.timeWindowMs },
      };
    });
  }
  const { default: rateLimit } = await importOptional(
    '@fastify/rate-limit',
    'rate limits in the HTTP server',
    () => import('@fastify/rate-limit'),
  );
  await app.register(rateLimit, {
    global: Boolean(all),
    max: all ? all.max : Number.MAX_SAFE_INTEGER,
    timeWindow: all ? all.timeWindowMs : 60_000,
    ...(limits.key ? { keyGenerator: limits.key } : {}),
    errorResponseBuilder: (_req, ctx) =>
      new RequestBoundError(
        429,
        'rate_limited',
        `too many requests: at most ${ctx.max} in the window; retry in ${ctx.after}`,
      ),
  });
}

declare module 'fastify' {
  /** Route config read by this server (openapi.ts, rate limits); other keys stay allowed. */
  interface FastifyContextConfig {
    /** One-line summary in the OpenAPI document. */
    summary?: string;
    /** The route needs the admin token. */
    admin?: boolean;
    /** Left out of the OpenAPI document. */
    hidden?: boolean;
    [key: string]: unknown;
  }
}
