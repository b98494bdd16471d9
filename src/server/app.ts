/**
 * The bundled HTTP server (Fastify): every service of the platform behind one process by default,
 * or one service per process with `role`, each service one Fastify plugin (src/server/routes/).
 * Training answers 202 with the encrypted session id and runs in the worker-thread pool; status by
 * polling or server-sent events; cancel. Request schemas come from the catalog (schemas.ts) and are
 * published at /openapi.json, with Swagger UI at /docs and the web console at /.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { importOptional } from '../core/optional-dependency.js';
import { openAccountStore } from '../services/accounts/open.js';
import type { AccountStore } from '../services/accounts/types.js';
import type { Platform } from '../services/config.js';
import { resolveAdminToken } from './admin-token.js';
import { installOpenApi, registerApiDocs } from './api-docs.js';
import { ALLOWED_HOSTS_ENV, CORS_ORIGINS_ENV, installSecurity, splitList } from './auth.js';
import { installRequestBounds, type RequestBounds } from './bounds.js';
import { createEngine, type Engine, type EngineOptions } from './engine.js';
import { toHttpError } from './errors.js';
import type { JobManager } from './job-manager.js';
import { installRateLimits, type RateLimits } from './rate-limit.js';
import type { Role } from './roles.js';
import { adminRoutes } from './routes/admin.js';
import { catalogRoutes } from './routes/catalog.js';
import type { RouteContext } from './routes/context.js';
import { evaluationRoutes } from './routes/evaluation.js';
import { sessionRoutes } from './routes/session.js';
import { storageRoutes } from './routes/storage.js';
import { trainingRoutes } from './routes/training.js';
import { healthSchema } from './schemas.js';
import { registerWebConsole } from './web-console.js';
import type { WorkerPool } from './worker-pool.js';

export { ROLES, type Role } from './roles.js';

export interface ServerOptions extends EngineOptions, RequestBounds {
  readonly role?: Role;
  /** Admin bearer token (else AUTOLEARN_ADMIN_TOKEN, else `<dataDir>/admin-token`). */
  readonly adminToken?: string;
  /** Largest accepted request body in bytes (default 256 KiB). */
  readonly bodyLimit?: number;
  /** Host names accepted besides loopback and the listen host (else AUTOLEARN_ALLOWED_HOSTS); `*`: any. */
  readonly allowedHosts?: readonly string[];
  /** Browser origins allowed by CORS (else AUTOLEARN_CORS_ORIGINS); none by default. */
  readonly corsOrigins?: readonly string[];
  /** Largest accepted CSV upload (POST /datasets) in bytes (default 20 MiB). */
  readonly uploadLimit?: number;
  /** Log every request through Fastify's logger (pino JSON lines on stdout); off by default. */
  readonly requestLog?: boolean;
  /** Per-client request rate limits (see rate-limit.ts; defaults: 6,000/min, GET /catalog 60/min). */
  readonly rateLimit?: RateLimits;
}

export interface AutolearnServer {
  readonly app: FastifyInstance;
  readonly engine: Engine;
  readonly platform: Platform;
  readonly jobs: JobManager;
  readonly pool: WorkerPool;
  readonly adminToken: string;
  /** Users and API keys (the bootstrap admin's key is `adminToken`). */
  readonly accounts: AccountStore;
  readonly role: Role;
  /** Listens; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting work, lets in-flight jobs finish for `graceMs` (then cancels them), closes everything. */
  close(graceMs?: number): Promise<void>;
}

export { TRAIN_EXAMPLE } from './routes/training.js';

/**
 * The bundled HTTP server (Fastify, an optional peer dependency) over the platform: every route of the
 * platform with JSON-schema validation, server-sent progress events, an admin token, the OpenAPI
 * document at `/openapi.json` and docs at `/docs`. `listen` resolves with the URL, `close` drains.
 *
 * @example
 * ```ts
 * import { createServer } from 'autolearn/server';
 *
 * const server = await createServer({ dataDir: '/tmp/autolearn-server' });
 * const url = await server.listen(0, '127.0.0.1');
 * console.log(await (await fetch(`${url}/catalog`)).json());
 * await server.close(1000);
 * ```
 */
export async function createServer(options: ServerOptions): Promise<AutolearnServer> {
  // first, so that a missing fastify fails before anything is opened or written
  const { default: Fastify } = await importOptional('fastify', 'the HTTP server', () => import('fastify'));
  const role: Role = options.role ?? 'all';
  const env = options.env ?? process.env;
  const adminToken = resolveAdminToken({ token: options.adminToken, dataDir: options.dataDir, env });
  // the engine first: it takes the data dir's lock, so a second process changes nothing (not even keys)
  const engine = await createEngine(options);
  let accounts: AccountStore;
  try {
    accounts = await openAccountStore(options.store ?? 'sqlite', { dataDir: options.dataDir });
  } catch (e) {
    await engine.close(0);
    throw e;
  }
  try {
    await accounts.ensureBootstrapAdmin(adminToken);
  } catch (e) {
    await accounts.close();
    await engine.close(0);
    throw e;
  }
  const { platform, pool, jobs, client } = engine;
  const started = Date.now();
  let closing = false;

  const app = Fastify({
    logger: options.requestLog ? { level: 'info' } : false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    forceCloseConnections: true,
  });
  // first: @fastify/swagger documents the routes added after it, with what the hooks below add
  await installOpenApi(app);
  await installRequestBounds(app, options);
  await installRateLimits(app, options.rateLimit);
  const security = await installSecurity(app, {
    accounts,
    allowedHosts: options.allowedHosts ?? splitList(env[ALLOWED_HOSTS_ENV]),
    corsOrigins: options.corsOrigins ?? splitList(env[CORS_ORIGINS_ENV]),
  });
  const enabled = (r: Role) => role === 'all' || role === r;

  app.setErrorHandler((err, _req, reply) => {
    const h = toHttpError(err);
    if (h.status >= 500) platform.service.deps.logger.error('REST', 'server.request', h.body.message);
    void reply.status(h.status).send(h.body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url}` });
  });

  app.get(
    '/health',
    {
      config: { summary: 'Liveness, role and job counts', public: true },
      schema: { response: { 200: healthSchema } },
    },
    async () => ({
      status: closing ? 'stopping' : 'ok',
      role,
      uptime_ms: Date.now() - started,
      jobs: { ...pool.stats(), in_flight: jobs.inFlight() },
    }),
  );
  await registerApiDocs(app);

  // one plugin per service, registered by role
  const ctx: RouteContext = {
    platform,
    client,
    jobs,
    pool,
    accounts,
    dataDir: options.dataDir,
    uploadLimit: options.uploadLimit,
    isClosing: () => closing,
  };
  const plugins: [Role, FastifyPluginAsync<RouteContext>][] = [
    ['catalog', catalogRoutes],
    ['training', trainingRoutes],
    ['evaluation', evaluationRoutes],
    ['session', sessionRoutes],
    ['storage', storageRoutes],
    ['admin', adminRoutes],
  ];
  for (const [r, plugin] of plugins) if (enabled(r)) await app.register(plugin, ctx);

  await registerWebConsole(app);
  await app.ready();
  app.swagger(); // generated once, now that every route is in: a route it cannot document fails here

  let closed: Promise<void> | null = null;
  return {
    app,
    engine,
    platform,
    jobs,
    pool,
    adminToken,
    accounts,
    role,
    async listen(port = 0, host = '127.0.0.1') {
      security.allowListenHost(host);
      const addr = await app.listen({ port, host });
      return addr.replace('[::1]', 'localhost');
    },
    close(graceMs = 10_000) {
      closed ??= (async () => {
        closing = true;
        await jobs.drain(graceMs);
        await app.close();
        await engine.close(0);
        await accounts.close();
      })();
      return closed;
    },
  };
}
