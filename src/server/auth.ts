/**
 * HTTP security of the server, in three `onRequest` steps run before any route:
 *   1. Host allow-list (DNS rebinding): a Host header naming another site answers 421.
 *   2. CORS (off unless `corsOrigins` is set), with preflight, through @fastify/cors.
 *   3. Authentication: `Authorization: Bearer <api key>` on every route but /health, /openapi.json
 *      and /docs; 401 without or with a bad / revoked key, 403 for a non-admin on admin routes. The
 *      authenticated user is `request.actor` (its id is the fair-queueing client key).
 * The routes' OpenAPI entries get the security requirement and their 401 / 403 / 421 answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { importOptional } from '../core/optional-dependency.js';
import type { AccountStore, Actor } from '../services/accounts/types.js';
import { errorSchema, type JsonSchema } from './schemas.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user; null on public routes. */
    actor: Actor | null;
  }
}

/** Hosts always accepted (besides the one the server listens on). */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];
export const ALLOWED_HOSTS_ENV = 'AUTOLEARN_ALLOWED_HOSTS';
export const CORS_ORIGINS_ENV = 'AUTOLEARN_CORS_ORIGINS';
/** Name of the bearer scheme in the OpenAPI document. */
export const SECURITY_SCHEME = 'apiKey';

export interface SecurityOptions {
  readonly accounts: AccountStore;
  /** Extra accepted Host names (default: only loopback names and the listen host); `*` accepts any. */
  readonly allowedHosts?: readonly string[];
  /** Origins allowed to call the API from a browser (exact `scheme://host[:port]`); none by default. */
  readonly corsOrigins?: readonly string[];
}

export interface Security {
  /** Accepts the host the server listens on (called by `listen`). */
  allowListenHost(host: string): void;
}

interface RouteConfig {
  /** No authentication (health, API document). */
  public?: boolean;
  /** Admin role required. */
  admin?: boolean;
  /** Not in the API document (also public). */
  hidden?: boolean;
  /** Set here on authenticated routes: the API document lists their security requirement. */
  auth?: boolean;
}

/** Splits a comma-separated list (environment variables); empty entries dropped. */
export function splitList(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The host name of a Host header or an allow-list entry, lower case, without port or trailing dot;
 * IPv6 in brackets. Null when it is not a plain host[:port].
 */
export function hostName(value: string): string | null {
  const h = value.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0 || !/^(:\d{1,5})?$/.test(h.slice(end + 1))) return null;
    return h.slice(0, end + 1);
  }
  if ((h.match(/:/g) ?? []).length > 1) return /^[0-9a-f:.]+$/.test(h) ? `[${h}]` : null; // bare IPv6
  const m = /^([a-z0-9._-]+?)\.?(?::\d{1,5})?$/.exec(h);
  return m ? (m[1] as string) : null;
}

const fail = (reply: FastifyReply, status: number, error: string, message: string) =>
  reply.status(status).send({ error, message });

export async function installSecurity(app: FastifyInstance, o: SecurityOptions): Promise<Security> {
  const anyHost = (o.allowedHosts ?? []).includes('*');
  const hosts = new Set<string>();
  const allow = (h: string) => {
    const n = hostName(h);
    if (n) hosts.add(n);
  };
  for (const h of [...DEFAULT_ALLOWED_HOSTS, ...(o.allowedHosts ?? [])]) allow(h);

  app.decorateRequest('actor', null);

  // documentation and answers of every route registered from here on
  app.addHook('onRoute', (r: RouteOptions) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    if (methods.includes('OPTIONS')) return; // the CORS preflight route
    r.config = { ...(r.config as object) };
    const cfg = r.config as RouteConfig;
    const extra: Record<string, JsonSchema> = { 421: errorSchema };
    if (!cfg.public && !cfg.hidden) {
      cfg.auth = true;
      extra[401] = errorSchema;
      if (cfg.admin) extra[403] = errorSchema;
    }
    const schema = (r.schema ?? {}) as { response?: Record<string, JsonSchema> };
    r.schema = { ...schema, response: { ...extra, ...(schema.response ?? {}) } };
  });

  // 1. Host allow-list
  app.addHook('onRequest', async (req, reply) => {
    if (anyHost) return;
    const header = req.headers.host;
    if (!header) return fail(reply, 400, 'bad_request', 'a Host header is required');
    const name = hostName(header);
    if (!name || !hosts.has(name)) {
      return fail(
        reply,
        421,
        'misdirected_request',
        `host '${header.slice(0, 100)}' is not served here; add it to allowedHosts (${ALLOWED_HOSTS_ENV}) to accept it`,
      );
    }
  });

  // 2. CORS: only for configured origins
  if (o.corsOrigins && o.corsOrigins.length > 0) {
    const { default: cors } = await importOptional(
      '@fastify/cors',
      'CORS in the HTTP server',
      () => import('@fastify/cors'),
    );
    await app.register(cors, {
      origin: [...o.corsOrigins],
      methods: ['GET', 'POST', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type'],
      exposedHeaders: ['location'],
      credentials: false,
      maxAge: 600,
    });
  }

  // 3. authentication and the admin role
  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    if (req.method === 'OPTIONS' || req.routeOptions.url === undefined) return; // preflight, 404
    const cfg = (req.routeOptions.config ?? {}) as RouteConfig;
    if (!cfg.auth) return;
    const header = req.headers.authorization;
    const key = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1] : undefined;
    const actor = key ? await o.accounts.authenticate(key) : null;
    if (!actor) {
      void reply.header('www-authenticate', 'Bearer');
      return fail(
        reply,
        401,
        'unauthorized',
        header
          ? 'invalid or revoked API key'
          : 'an API key is required: Authorization: Bearer <api key> (see `autolearn admin users create`)',
      );
    }
    if (cfg.admin && actor.role !== 'admin') {
      return fail(reply, 403, 'forbidden', 'this route needs the admin role');
    }
    req.actor = actor;
  });

  return { allowListenHost: allow };
}

/** The authenticated user of a request on an authenticated route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new Error('no authenticated user on this request (route not authenticated)');
  return req.actor;
}
