/**
 * The bundled HTTP server (Fastify): every service of the platform behind one process by default,
 * or one service per process with `role`. Training answers 202 with the encrypted session id and
 * runs in the worker-thread pool; status by polling or server-sent events; cancel. Request schemas
 * come from the catalog (schemas.ts) and are published at /openapi.json (+ /docs).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { buildCatalog } from '../catalog/render.js';
import type { SeedCatalog } from '../catalog/types.js';
import { importOptional } from '../core/optional-dependency.js';
import { type BehaviouralPayload, type LoggedRecord, toLoggedRecord } from '../eventsourcing/behavioural.js';
import { openAccountStore } from '../services/accounts/open.js';
import type { AccountStore } from '../services/accounts/types.js';
import type { Platform } from '../services/config.js';
import type { RecordFilter } from '../services/stores/types.js';
import { UserDatasets } from '../services/user-datasets.js';
import { resolveAdminToken } from './admin-token.js';
import { registerApiDocs } from './api-docs.js';
import { ALLOWED_HOSTS_ENV, actorOf, CORS_ORIGINS_ENV, installSecurity, splitList } from './auth.js';
import { installRequestBounds, type RequestBounds } from './bounds.js';
import { registerDatasetRoutes } from './dataset-routes.js';
import { createEngine, type Engine, type EngineOptions } from './engine.js';
import { toHttpError } from './errors.js';
import { registerInferenceRoutes } from './inference-routes.js';
import type { JobManager, JobStatus } from './job-manager.js';
import { TERMINAL_STATES } from './job-store.js';
import { LOG_PAGE_HEADERS, logPage, parseCursor } from './log-pages.js';
import { buildOpenApi, type RouteDoc, routeDoc } from './openapi.js';
import { QueueFullError } from './pool-errors.js';
import { installRateLimits, type RateLimits } from './rate-limit.js';
import type { Role } from './roles.js';
import {
  catalogSchema,
  errorSchema,
  evalResultSchema,
  healthSchema,
  jobStatusSchema,
  logQuery,
  logRecordSchema,
  recordFilterQuery,
  recordListSchema,
  recordViewSchema,
  tokenParams,
  trainEventsSchema,
  trainRequestSchema,
} from './schemas.js';
import { registerUserRoutes } from './user-routes.js';
import { registerWebConsole } from './web-console.js';
import { jobContext, type WorkerPool } from './worker-pool.js';

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

type TokenReq = FastifyRequest<{ Params: { token: string } }>;

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
  const service = platform.service;
  const started = Date.now();
  let closing = false;
  let catalog: SeedCatalog = buildCatalog(platform.registry);
  /** Rejects a forged / altered session id (InvalidTokenError -> 400) before touching anything. */
  const checkToken = (token: string): string => {
    platform.tokens.decrypt(token);
    return token;
  };

  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    forceCloseConnections: true,
  });
  await installRequestBounds(app, options);
  await installRateLimits(app, options.rateLimit);
  const security = await installSecurity(app, {
    accounts,
    allowedHosts: options.allowedHosts ?? splitList(env[ALLOWED_HOSTS_ENV]),
    corsOrigins: options.corsOrigins ?? splitList(env[CORS_ORIGINS_ENV]),
  });
  const docs: RouteDoc[] = [];
  app.addHook('onRoute', (r: RouteOptions) => {
    const d = routeDoc(r);
    if (d) docs.push(d);
  });
  const enabled = (r: Role) => role === 'all' || role === r;
  const errors = { 400: errorSchema, 404: errorSchema, 500: errorSchema };

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
  app.get('/openapi.json', { config: { hidden: true } }, async () => openapi);
  await registerApiDocs(app);

  if (enabled('catalog')) {
    app.get(
      '/catalog',
      {
        config: { summary: 'The catalog: datasets, models, learning choices, metrics' },
        schema: { response: { 200: catalogSchema, ...errors } },
      },
      () =>
        client.exchange('catalog', async () => {
          catalog = await service.catalog();
          return catalog;
        }),
    );
  }

  if (enabled('catalog')) {
    await registerDatasetRoutes(
      app,
      await UserDatasets.open(options.dataDir, platform.registry),
      options.uploadLimit,
    );
  }

  if (enabled('training')) {
    app.post(
      '/train',
      {
        attachValidation: true,
        config: {
          summary: 'Submit a training request (seed format); 202 with the encrypted session id',
          bodyExample: TRAIN_EXAMPLE,
        },
        schema: {
          body: trainRequestSchema(catalog),
          response: { 202: jobStatusSchema, 413: errorSchema, 503: errorSchema, ...errors },
        },
      },
      async (req, reply) => {
        if (closing)
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
        schema: { params: tokenParams, response: { 200: jobStatusSchema, ...errors } },
      },
      async (req: TokenReq) => jobOr404(jobs.status(checkToken(req.params.token), actorOf(req))),
    );
    app.get(
      '/train/:token/events',
      {
        config: {
          summary:
            'Server-sent events: one `status` event per job state change until it ends, and `progress` events (fraction done) while the fit runs',
        },
        schema: { params: tokenParams, response: { 200: trainEventsSchema } },
      },
      async (req: TokenReq, reply: FastifyReply) => {
        const token = checkToken(req.params.token);
        const first = jobOr404(jobs.status(token, actorOf(req)));
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        const send = (s: JobStatus) => res.write(`event: status\ndata: ${JSON.stringify(s)}\n\n`);
        const isOver = (s: JobStatus) => (TERMINAL_STATES as readonly string[]).includes(s.state);
        send(first);
        if (isOver(first)) return res.end();
        const offProgress = jobs.subscribeProgress(token, (p) => {
          res.write(`event: progress\ndata: ${JSON.stringify(p)}\n\n`);
        });
        const offStatus = jobs.subscribe(token, (s) => {
          send(s);
          if (isOver(s)) {
            off();
            res.end();
          }
        });
        const off = () => {
          offStatus();
          offProgress();
        };
        res.on('close', off);
        // a change between the first read and the subscription
        const now = jobs.status(token);
        if (now && now.state !== first.state) {
          send(now);
          if (isOver(now)) {
            off();
            res.end();
          }
        }
      },
    );
    app.post(
      '/train/:token/cancel',
      {
        config: { summary: 'Cancel a queued or running training job' },
        schema: { params: tokenParams, response: { 200: jobStatusSchema, ...errors } },
      },
      async (req: TokenReq) => {
        const token = checkToken(req.params.token);
        jobOr404(jobs.status(token, actorOf(req)));
        jobs.cancel(token);
        return (await jobs.waitFor(token))!;
      },
    );
  }

  if (enabled('evaluation')) {
    app.post(
      '/sessions/:token/evaluate',
      {
        config: { summary: 'Evaluate a trained session on its test and training sets' },
        schema: { params: tokenParams, response: { 200: evalResultSchema, ...errors } },
      },
      (req: TokenReq) =>
        client.exchange('evaluate', () =>
          jobContext.run({ clientKey: actorOf(req).id }, () =>
            service.evaluate(req.params.token, actorOf(req)),
          ),
        ),
    );
  }

  if (enabled('session')) {
    app.get(
      '/sessions',
      {
        config: { summary: 'List session records (not yet saved)' },
        schema: { querystring: recordFilterQuery, response: { 200: recordListSchema, ...errors } },
      },
      (req: FastifyRequest<{ Querystring: RecordFilter }>) =>
        client.exchange('sessions', () => service.listSessions(req.query, actorOf(req))),
    );
    app.get(
      '/sessions/:token',
      {
        config: { summary: 'One session record, with its model checkpoint' },
        schema: { params: tokenParams, response: { 200: recordViewSchema, ...errors } },
      },
      (req: TokenReq) => client.exchange('session', () => service.getSession(req.params.token, actorOf(req))),
    );
    app.post(
      '/sessions/:token/save',
      {
        config: { summary: 'Save a session record to the permanent store (moves it)' },
        schema: { params: tokenParams, response: { 200: recordViewSchema, ...errors } },
      },
      (req: TokenReq) => client.exchange('save', () => service.save(req.params.token, actorOf(req))),
    );
  }

  if (enabled('storage')) {
    app.get(
      '/experiments',
      {
        config: { summary: 'List saved experiments (permanent store)' },
        schema: { querystring: recordFilterQuery, response: { 200: recordListSchema, ...errors } },
      },
      (req: FastifyRequest<{ Querystring: RecordFilter }>) =>
        client.exchange('experiments', () => service.listExperiments(req.query, actorOf(req))),
    );
  }

  registerInferenceRoutes(app, { service, client, session: enabled('session'), storage: enabled('storage') });

  if (enabled('admin')) {
    app.get(
      '/admin/logs',
      {
        config: {
          summary:
            'Behavioural log: one service/queue or all, time ordered, optional time range; paginated (limit + cursor)',
          admin: true,
          responseHeaders: LOG_PAGE_HEADERS,
        },
        schema: {
          querystring: logQuery,
          response: {
            200: { type: 'array', items: logRecordSchema },
            401: errorSchema,
            403: errorSchema,
            ...errors,
          },
        },
      },
      async (
        req: FastifyRequest<{
          Querystring: { service?: string; from?: number; to?: number; limit?: number; cursor?: string };
        }>,
        reply,
      ) => {
        const q = req.query;
        const cursor = parseCursor(q.cursor);
        const events = await platform.events.readAll<BehaviouralPayload>({
          from: cursor ? Math.max(q.from ?? 0, cursor.timestamp) : q.from,
          to: q.to,
          ...(q.service ? { entityIds: [q.service] } : {}),
        });
        const { page, next } = logPage(events, cursor, q.limit);
        if (next) void reply.header('x-next-cursor', next);
        return page.map(toLoggedRecord) satisfies LoggedRecord[];
      },
    );
    registerUserRoutes(app, accounts);
  }

  await registerWebConsole(app);
  const openapi = buildOpenApi(docs, { title: 'autolearn', version: '0.1.0' });
  await app.ready();
  // routes are registered by now: rebuild the document with all of them
  Object.assign(openapi, buildOpenApi(docs, { title: 'autolearn', version: '0.1.0' }));

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

function jobOr404(s: JobStatus | null): JobStatus {
  if (!s)
    throw Object.assign(new Error('no training job with this session id'), {
      statusCode: 404,
      code: 'not_found',
    });
  return s;
}
