/**
 * Property-based fuzzer generated from the server's own /openapi.json (fast-check, seeded): 2,000+
 * requests over every documented operation against a real server on 127.0.0.1 (path and query
 * parameters valid, number-ish or junk; bodies valid, mutated or junk; raw non-JSON, deep and
 * foreign-media bodies; admin auth present, wrong or missing). Every answer must be a documented
 * status below 500 whose JSON body validates (Ajv) against the documented response schema, and the
 * server must stay alive. Jobs it starts are cheap (one worker, a 0.5 s wall-time limit, at most
 * two alive at a time) and cancelled at the end. Seed: FUZZ_SEED (default 20261201); runs: FUZZ_RUNS (default 2000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';
import { irisRequest } from './test-utils/requests.js';
import { fuzzText, fuzzValue, type Schema } from './test-utils/schema-arbitrary.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}
interface Operation {
  path: string;
  method: string;
  parameters: Param[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: unknown[];
}
interface FuzzRequest {
  op: Operation;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

let dir: string;
let server: AutolearnServer;
let base: string;
let ops: Operation[] = [];
const tokens: string[] = [];
let userKey = '';
const accepted = new Set<string>();
const ajv = new Ajv({ strict: false, allErrors: false });
const validators = new Map<Schema, ValidateFunction>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-fuzz-'));
  server = await createServer({
    dataDir: dir,
    poolSize: 1,
    jobTimeoutMs: 500,
    maxThreadsPerJob: 1,
    logger: silentLogger,
    env: {},
    // the global limit stays out of the way of 2,000 requests; /catalog keeps its own default
    rateLimit: { all: { max: 1_000_000, timeWindowMs: 60_000 } },
  });
  base = await server.listen(0, '127.0.0.1');
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Omit<Operation, 'path' | 'method'>>>;
  };
  ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({
      ...op,
      path,
      method,
      parameters: op.parameters ?? [],
    })),
  );
  const admin = { authorization: `Bearer ${server.adminToken}` };
  catalog = (await (await fetch(`${base}/catalog`, { headers: admin })).json()) as Catalog;
  // a plain user too: the same generated requests, with ownership and the admin role in play
  const created = await fetch(`${base}/admin/users`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'fuzzer' }),
  });
  userKey = ((await created.json()) as { api_key: string }).api_key;
  // real sessions, so that generated requests also reach the routes' success paths
  for (let seed = 0; seed < 4; seed++) {
    const t = await fetch(`${base}/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify(irisRequest('GaussianNB', undefined, undefined, [], seed)),
    });
    const token = ((await t.json()) as { token: string }).token;
    tokens.push(token);
    await server.jobs.waitFor(token);
  }
}, 60_000);

afterAll(async () => {
  for (const t of accepted) server.jobs.cancel(t, 'fuzz run over');
  await server.close(0);
  rmSync(dir, { recursive: true, force: true });
});

interface SeedParam {
  param_name: string;
  param_type: string;
  range_l: number | null;
  range_u: number | null;
  options: unknown[];
}
interface Catalog {
  data_lake: { dataset_name: string; dataset_task: string }[];
  models: { model_name: string; model_task: string; model_hyperparams: SeedParam[] }[];
  learning: {
    model_reference: { model_name: string; model_task: string };
    loss: string;
    learning_algorithm: string;
    learning_hyperparams: SeedParam[];
  }[];
}
let catalog: Catalog;

/** A value for a catalog hyper-parameter: in its range mostly (kept small: cheap fits), anything sometimes. */
function paramValue(p: SeedParam): fc.Arbitrary<unknown> {
  const lo = p.range_l ?? -5;
  const hi = Math.min(p.range_u ?? lo + 50, lo + 50);
  const inRange =
    p.param_type === 'int'
      ? fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) })
      : p.param_type === 'float'
        ? fc.double({ min: lo, max: Math.max(lo, hi), noNaN: true })
        : p.param_type === 'bool'
          ? fc.boolean()
          : p.options.length
            ? fc.constantFrom(...p.options)
            : fc.constant(null);
  return fc.oneof(
    { weight: 5, arbitrary: p.options.length ? fc.oneof(inRange, fc.constantFrom(...p.options)) : inRange },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
}

const hyperList = (specs: SeedParam[]) =>
  specs.length === 0
    ? fc.constant([])
    : fc
        .uniqueArray(fc.constantFrom(...specs), { maxLength: 2, selector: (p) => p.param_name })
        .chain((chosen) =>
          fc.tuple(
            ...chosen.map((p) =>
              paramValue(p).map((v) => ({ hyper_param_name: p.param_name, hyper_param_value: v })),
            ),
          ),
        );

/** Training requests built from the catalog: a model with one of its own learning choices (often 202). */
function catalogTrain(): fc.Arbitrary<unknown> {
  return fc.constantFrom(...catalog.learning).chain((l) => {
    const model = catalog.models.find(
      (m) => m.model_name === l.model_reference.model_name && m.model_task === l.model_reference.model_task,
    )!;
    const datasets = catalog.data_lake.filter((d) => d.dataset_task === model.model_task);
    return fc
      .record({
        ds: fc.constantFrom(...datasets),
        split: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
        seed: fc.nat({ max: 1000 }),
        mh: hyperList(model.model_hyperparams),
        lh: hyperList(l.learning_hyperparams),
      })
      .map(({ ds, split, seed, mh, lh }) => ({
        train_data: {
          dataset: {
            dataset_name: ds.dataset_name,
            dataset_task: ds.dataset_task,
            split_test: split,
            split_seed: seed,
          },
          model: { model_name: model.model_name, model_task: model.model_task, model_hyperparams: mh },
          learning: { loss: l.loss, learning_algorithm: l.learning_algorithm, learning_hyperparams: lh },
        },
      }));
  });
}

const knownToken = fc.nat().map((i) => tokens[i % tokens.length] as string);

function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const path = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof({ weight: 3, arbitrary: knownToken }, { weight: 2, arbitrary: fuzzText(p.schema) }),
    ),
  );
  const query = fc
    .tuple(
      fc.record(Object.fromEntries(queryParams.map((p) => [p.name, fuzzText(p.schema)] as const)), {
        requiredKeys: [],
      }),
      // an unknown parameter in one request of eight
      fc.oneof(
        { weight: 7, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
      ),
    )
    .map(([q, unknown]) => (unknown === null ? q : { ...q, unknown_param: unknown }));
  const schema = op.requestBody?.content['application/json'].schema;
  const json = (v: unknown) => ({ type: 'application/json', text: JSON.stringify(v) });
  const body = fc.oneof(
    { weight: 4, arbitrary: fuzzValue(schema).map(json) },
    { weight: op.path === '/train' ? 4 : 0, arbitrary: catalogTrain().map(json) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '',
          '{"train_data": ',
          'not json',
          '{"__proto__": {"x": 1}}',
          `${'['.repeat(5000)}${']'.repeat(5000)}`,
        )
        .map((text) => ({ type: 'application/json', text })),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((text) => ({ type: 'text/plain', text })) },
  );
  const auth = fc.constantFrom<'none' | 'wrong' | 'admin' | 'user'>(
    'none',
    'wrong',
    'admin',
    'admin',
    'user',
  );
  return fc
    .tuple(path, query, schema ? body.map((b) => b as typeof b | null) : fc.constant(null), auth)
    .map(([pv, q, b, a]) => {
      let p = op.path;
      pathParams.forEach((param, i) => {
        p = p.replace(`{${param.name}}`, encodeURIComponent(pv[i] as string));
      });
      const qs = new URLSearchParams(q as Record<string, string>).toString();
      const headers: Record<string, string> = {};
      if (a === 'admin') headers.authorization = `Bearer ${server.adminToken}`;
      if (a === 'wrong') headers.authorization = 'Bearer wrong';
      if (a === 'user') headers.authorization = `Bearer ${userKey}`;
      if (b) headers['content-type'] = b.type;
      return {
        op,
        url: `${base}${p}${qs ? `?${qs}` : ''}`,
        method: op.method.toUpperCase(),
        headers,
        body: b?.text,
      };
    });
}

function validatorFor(schema: Schema): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    validators.set(schema, v);
  }
  return v;
}

const statuses = new Map<number, number>();
const byOp = new Map<string, Map<number, number>>();

async function send(r: FuzzRequest): Promise<void> {
  const ctl = new AbortController();
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body, signal: ctl.signal });
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const key = `${r.method} ${r.op.path}`;
  const m = byOp.get(key) ?? new Map<number, number>();
  m.set(res.status, (m.get(res.status) ?? 0) + 1);
  byOp.set(key, m);
  const where = `${r.method} ${r.url} ${r.body?.slice(0, 300) ?? ''} -> ${res.status}`;
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    ctl.abort(); // a live stream: its status and media type are what can be checked here
    expect(res.status, where).toBe(200);
    return;
  }
  const text = await res.text();
  expect(res.status, `${where} ${text.slice(0, 300)}`).toBeLessThan(500);
  const doc = r.op.responses[String(res.status)];
  expect(doc, `${where}: status not documented`).toBeDefined();
  if (res.status === 202) {
    const token = (JSON.parse(text) as { token: string }).token;
    tokens.push(token);
    accepted.add(token);
    // keep the queue short (cheap on 2 cores): only the two newest accepted jobs may still run
    const all = [...accepted];
    for (const old of all.slice(0, -2)) {
      server.jobs.cancel(old, 'fuzz: superseded');
      accepted.delete(old);
    }
  }
  const schema = doc?.content?.['application/json']?.schema;
  if (schema && type.startsWith('application/json')) {
    const v = validatorFor(schema);
    const ok = v(JSON.parse(text));
    expect(v.errors ?? [], `${where} ${text.slice(0, 300)}`).toEqual([]);
    expect(ok).toBe(true);
  }
}

describe('OpenAPI fuzzer', () => {
  it(`answers ${RUNS} generated requests with documented statuses and schemas, never 5xx`, async () => {
    expect(ops.length).toBeGreaterThanOrEqual(10);
    const t0 = performance.now();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops).chain((op) => requestFor(op)),
        async (r) => {
          sent++;
          await send(r);
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const seconds = (performance.now() - t0) / 1000;
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
    if (process.env.FUZZ_VERBOSE)
      for (const [k, m] of byOp) console.info(k, JSON.stringify(Object.fromEntries(m)));
    console.info(`fuzz: ${sent} requests in ${seconds.toFixed(1)} s (seed ${SEED}); ${summary.join(', ')}`);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    const h = await fetch(`${base}/health`);
    expect(h.status).toBe(200);
  }, 180_000);
});
