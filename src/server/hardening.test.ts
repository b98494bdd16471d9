/**
 * One request must never crash, wedge or exhaust the server (issue 12, the HTTP and job half), tried
 * against a real server on 127.0.0.1: deep nesting, unbounded nJobs, slow jobs, error amplification,
 * coercion the OpenAPI document does not state, unknown fields, non-finite query numbers, catalog
 * reads growing the log, unpaginated logs; and the OpenAPI document linted by a real validator.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTrainRequest } from '../catalog/validate.js';
import { checkParam } from '../core/params.js';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';
import { irisRequest } from './test-utils/requests.js';

const dirs: string[] = [];
const servers: AutolearnServer[] = [];
let server: AutolearnServer;
let base: string;
/** Every server here shares this bootstrap admin key; `call` sends it unless told otherwise. */
const ADMIN_KEY = 'hardening-admin-key-0123456789';

async function start(options: Partial<Parameters<typeof createServer>[0]> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'al-hard-'));
  dirs.push(dir);
  const s = await createServer({
    dataDir: dir,
    poolSize: 2,
    logger: silentLogger,
    env: {},
    adminToken: ADMIN_KEY,
    ...options,
  });
  servers.push(s);
  return { s, base: await s.listen(0) };
}

beforeAll(async () => {
  ({ s: server, base } = await start({ jobTimeoutMs: 2000 }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close(0)));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, read by the assertions
type Answer = { status: number; body: any; bytes: number; headers: Headers };
async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const auth: Record<string, string> =
    'authorization' in headers ? {} : { authorization: `Bearer ${ADMIN_KEY}` };
  const res = await fetch(`${url}${path}`, {
    method,
    headers:
      body === undefined
        ? { ...auth, ...headers }
        : { 'content-type': 'application/json', ...auth, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, bytes: Buffer.byteLength(text), headers: res.headers };
}

async function waitDone(url: string, token: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await call(url, 'GET', `/train/${token}`);
    if (!['queued', 'running'].includes(r.body.state)) return r.body;
    if (Date.now() > end) throw new Error(`job still ${r.body.state}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** A training request whose `name` hyper-parameter value is `levels` objects deep (raw JSON). */
function deepRequest(model: string, loss: string, algorithm: string, name: string, levels: number): string {
  const req = irisRequest(model, loss, algorithm, [{ hyper_param_name: name, hyper_param_value: 'X' }]);
  const deep = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  return JSON.stringify(req).replace('"X"', deep);
}

const health = async (url: string) => (await call(url, 'GET', '/health')).status;

describe('deep nesting', () => {
  it('a classWeight or priors nested 4,000 levels deep is a 400; the server stays up and trains', async () => {
    for (const body of [
      deepRequest('SVC', 'hinge', 'smo', 'classWeight', 4000),
      deepRequest('GaussianNB', 'negative_log_likelihood', 'maximum_likelihood', 'priors', 4000),
    ]) {
      expect(body.length).toBeGreaterThan(20_000);
      const r = await call(base, 'POST', '/train', body);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('body_too_deep');
    }
    expect(await health(base)).toBe(200);
    const ok = await call(base, 'POST', '/train', irisRequest());
    expect(ok.status).toBe(202);
    expect((await waitDone(base, ok.body.token)).state).toBe('done');
  }, 60_000);

  it('a nested object param is rejected by its ParamSpec (structure), at any depth, in constant stack', () => {
    let deep: Record<string, unknown> = { setosa: 1 };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const spec = {
      name: 'classWeight',
      type: 'object',
      default: null,
      nullable: true,
      description: '',
    } as const;
    expect(checkParam(spec, deep)).not.toBeNull();
    expect(checkParam(spec, { setosa: 1, versicolor: 2.5 })).toBeNull();
    expect(checkParam(spec, { setosa: Number.NaN })).not.toBeNull();
    expect(checkParam(spec, { setosa: [1] })).not.toBeNull();
    expect(checkParam(spec, [1, 2])).not.toBeNull();
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`c${i}`, 1]));
    expect(checkParam(spec, many)).not.toBeNull();
    // and through the service's validator (the library path, no HTTP bounds in front)
    const req = irisRequest('SVC', 'hinge', 'smo', [
      { hyper_param_name: 'classWeight', hyper_param_value: deep },
    ]);
    expect(() => validateTrainRequest(req, server.platform.registry)).toThrow(/classWeight/);
  });

  it('classWeight and priors maps are checked for structure and bounds at the request (400, not a failed job)', async () => {
    for (const [model, loss, algorithm, name, value] of [
      ['SVC', 'hinge', 'smo', 'classWeight', { setosa: -1 }],
      ['SVC', 'hinge', 'smo', 'classWeight', { setosa: { a: 1 } }],
      ['GaussianNB', 'negative_log_likelihood', 'maximum_likelihood', 'priors', { setosa: 1.5 }],
      ['GaussianNB', 'negative_log_likelihood', 'maximum_likelihood', 'priors', [0.3, 0.3, 0.4]],
    ] as const) {
      const r = await call(
        base,
        'POST',
        '/train',
        irisRequest(model, loss, algorithm, [{ hyper_param_name: name, hyper_param_value: value }]),
      );
      expect(r.status, `${name} ${JSON.stringify(value)}`).toBe(400);
    }
    const ok = await call(
      base,
      'POST',
      '/train',
      irisRequest('SVC', 'hinge', 'smo', [
        { hyper_param_name: 'classWeight', hyper_param_value: { setosa: 2 } },
      ]),
    );
    expect(ok.status).toBe(202);
    expect((await waitDone(base, ok.body.token)).state).toBe('done');
  }, 60_000);

  it('a body deeper than the depth bound anywhere is a 400 before parsing; strings do not count', async () => {
    const r = await call(
      base,
      'POST',
      '/train',
      `{"train_data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('body_too_deep');
    const brackets = irisRequest();
    (brackets.train_data.dataset as { dataset_name: string }).dataset_name =
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[';
    const s = await call(base, 'POST', '/train', brackets);
    expect(s.status).toBe(400);
    expect(s.body.error).toBe('bad_request'); // the enum, not the depth
  });
});

describe('nJobs', () => {
  const tasks = () => readdirSync('/proc/self/task').length;

  it('nJobs above its ParamSpec bound is a 400', async () => {
    for (const [model, loss, algorithm] of [
      ['RandomForestClassifier', 'gini', 'cart'],
      ['SVC', 'hinge', 'smo'],
    ]) {
      const req = irisRequest(model, loss, algorithm, [
        { hyper_param_name: 'nJobs', hyper_param_value: 10_000 },
      ]);
      const r = await call(base, 'POST', '/train', req);
      expect(r.status, model).toBe(400);
      expect(JSON.stringify(r.body)).toMatch(/nJobs/);
    }
  });

  it.runIf(process.platform === 'linux')(
    'a forest with nJobs 64 starts at most maxThreadsPerJob threads and the count returns to baseline',
    async () => {
      const { base: url } = await start({ poolSize: 1, maxThreadsPerJob: 2 });
      const warm = await call(url, 'POST', '/train', irisRequest());
      expect((await waitDone(url, warm.body.token)).state).toBe('done');
      const baseline = tasks();
      const req = irisRequest('RandomForestClassifier', 'gini', 'cart', [
        { hyper_param_name: 'nJobs', hyper_param_value: 64 },
        { hyper_param_name: 'nEstimators', hyper_param_value: 64 },
      ]);
      const t = await call(url, 'POST', '/train', req);
      expect(t.status).toBe(202);
      let peak = baseline;
      let state = 'queued';
      while (['queued', 'running'].includes(state)) {
        peak = Math.max(peak, tasks());
        state = (await call(url, 'GET', `/train/${t.body.token}`)).body.state;
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(state).toBe('done');
      // maxThreadsPerJob 2 forest workers; run from TypeScript sources each worker also starts
      // esbuild's (tsx's) transform thread, so 2 OS threads each (+1 slack for a libuv thread).
      // Unbounded, nJobs 64 started 64 workers here.
      expect(peak - baseline).toBeLessThanOrEqual(2 * 2 + 1);
      expect(tasks() - baseline).toBeLessThanOrEqual(1);
    },
    120_000,
  );
});

describe('job bounds over HTTP', () => {
  it('an SVC with huge C, tiny tol and maxIter -1 fails at the wall-time limit; a job after it completes', async () => {
    const slow = irisRequest('SVC', 'hinge', 'smo', [
      { hyper_param_name: 'C', hyper_param_value: 1e300 },
      { hyper_param_name: 'tol', hyper_param_value: 1e-300 },
      { hyper_param_name: 'maxIter', hyper_param_value: -1 },
    ]);
    const a = await call(base, 'POST', '/train', slow);
    expect(a.status).toBe(202);
    const b = await call(base, 'POST', '/train', irisRequest('GaussianNB', undefined, undefined, [], 7));
    expect((await waitDone(base, b.body.token)).state).toBe('done');
    const end = await waitDone(base, a.body.token);
    expect(end.state).toBe('failed');
    expect(end.error).toMatch(/JobTimeoutError.*wall-time limit of 2000 ms/);
    expect(await health(base)).toBe(200);
  }, 60_000);
});

describe('queue bound', () => {
  it('a client with maxQueuedPerClient jobs waiting gets 429 queue_full for the next one', async () => {
    const { s, base: url } = await start({ poolSize: 1, maxQueuedPerClient: 2, jobTimeoutMs: 20_000 });
    const slow = (seed: number) =>
      irisRequest(
        'SVC',
        'hinge',
        'smo',
        [
          { hyper_param_name: 'C', hyper_param_value: 1e300 },
          { hyper_param_name: 'tol', hyper_param_value: 1e-300 },
        ],
        seed,
      );
    const first = await call(url, 'POST', '/train', slow(1));
    expect(first.status).toBe(202);
    const end = Date.now() + 20_000;
    while (s.pool.stats().running < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const queued = [await call(url, 'POST', '/train', slow(2)), await call(url, 'POST', '/train', slow(3))];
    for (const q of queued) expect(q.status).toBe(202);
    const refused = await call(url, 'POST', '/train', slow(4));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('queue_full');
    for (const t of [first, ...queued]) await call(url, 'POST', `/train/${t.body.token}/cancel`);
    expect(s.pool.stats()).toMatchObject({ queued: 0 });
  }, 60_000);
});

describe('error amplification', () => {
  const hugeList = () =>
    irisRequest(
      'GaussianNB',
      undefined,
      undefined,
      Array.from({ length: 100_000 }, () => ({ hyper_param_name: 'x', hyper_param_value: 1 })).slice(0, 0),
    );

  it('a 200 KB body with a 100k-element hyper-parameter list gets a small, quick 400', async () => {
    const req = hugeList();
    const body = JSON.stringify(req).replace(
      '"model_hyperparams":[]',
      `"model_hyperparams":[${'0,'.repeat(99_999)}0]`,
    );
    expect(body.length).toBeGreaterThan(200_000);
    const r = await call(base, 'POST', '/train', body);
    expect(r.status).toBe(400);
    expect(r.bytes).toBeLessThan(2048);
    // under the value bound, over the list bound: still small
    const mid = JSON.stringify(req).replace(
      '"model_hyperparams":[]',
      `"model_hyperparams":[${Array(3000).fill('{"hyper_param_name":"x","hyper_param_value":1}').join(',')}]`,
    );
    const m = await call(base, 'POST', '/train', mid);
    expect(m.status).toBe(400);
    expect(m.bytes).toBeLessThan(2048);
    expect(m.body.message).toMatch(/64/);
  });

  it('the library validator lists at most 50 violations and counts the rest', () => {
    const req = irisRequest(
      'GaussianNB',
      undefined,
      undefined,
      Array.from({ length: 200 }, (_, i) => ({ hyper_param_name: `nope${i}`, hyper_param_value: 1 })),
    );
    let err: { violations: { rule: string; value: unknown }[] } | null = null;
    try {
      validateTrainRequest(req, server.platform.registry);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err!.violations).toHaveLength(51);
    expect(err!.violations.at(-1)).toMatchObject({ rule: 'truncated', value: 150 });
  });

  it('/health stays responsive while eight such requests arrive at once', async () => {
    const sample = async () => {
      const t0 = performance.now();
      await health(base);
      return performance.now() - t0;
    };
    const before: number[] = [];
    for (let i = 0; i < 10; i++) before.push(await sample());
    before.sort((x, y) => x - y);
    const body = JSON.stringify(hugeList()).replace(
      '"model_hyperparams":[]',
      `"model_hyperparams":[${'0,'.repeat(99_999)}0]`,
    );
    const during: number[] = [];
    const flood = Promise.all(Array.from({ length: 8 }, () => call(base, 'POST', '/train', body)));
    const probe = (async () => {
      for (let i = 0; i < 10; i++) during.push(await sample());
    })();
    const [answers] = await Promise.all([flood, probe]);
    for (const a of answers) expect(a.status).toBe(400);
    const worst = Math.max(...during);
    console.info(
      `/health: baseline median ${before[5]!.toFixed(1)} ms; worst ${worst.toFixed(1)} ms while 8 bodies of ${body.length} bytes were answered (${answers[0]!.bytes} bytes each)`,
    );
    // generous: before the bounds, eight such bodies stalled /health for 2.4 s
    expect(worst, `baseline median ${before[5]!.toFixed(1)} ms`).toBeLessThan(Math.max(400, 10 * before[5]!));
  });
});

describe('no coercion, unknown fields, finite numbers', () => {
  const withDataset = (patch: Record<string, unknown>) => {
    const r = irisRequest();
    Object.assign(r.train_data.dataset, patch);
    return r;
  };

  it('split_test "0.3" / [0.3] and split_seed true are 400 (the document states no coercion)', async () => {
    for (const patch of [
      { split_test: '0.3' },
      { split_test: [0.3] },
      { split_seed: true },
      { split_seed: '1' },
    ]) {
      const r = await call(base, 'POST', '/train', withDataset(patch));
      expect(r.status, JSON.stringify(patch)).toBe(400);
      expect(r.body.error).toBe('bad_request');
    }
  });

  it('an unknown field is a 400 naming the field, in the body and in the query', async () => {
    const r = await call(base, 'POST', '/train', withDataset({ splitt_test: 0.2 }));
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/unknown field 'splitt_test'/);
    const q = await call(base, 'GET', '/sessions?limt=3');
    expect(q.status).toBe(400);
    expect(q.body.message).toMatch(/unknown field 'limt'/);
  });

  it('limit=Infinity and other non-finite query numbers are 400, never 500', async () => {
    for (const path of [
      '/sessions?limit=Infinity',
      '/experiments?limit=Infinity',
      '/sessions?from=Infinity',
      '/sessions?to=-Infinity',
      '/sessions?limit=NaN',
      '/experiments?from=1e400',
      '/sessions?limit=1e3.5',
    ]) {
      const r = await call(base, 'GET', path);
      expect(r.status, path).toBe(400);
    }
    expect((await call(base, 'GET', '/sessions?limit=2')).status).toBe(200);
  });

  it('other media types are 415, long URLs 414, huge headers 431', async () => {
    const r = await fetch(`${base}/train`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_KEY}` },
      body: 'x',
    });
    expect(r.status).toBe(415);
    expect(((await r.json()) as { error: string }).error).toBe('unsupported_media_type');
    const long = await call(base, 'GET', `/sessions?dataset=${'x'.repeat(5000)}`);
    expect(long.status).toBe(414);
    const r431 = await fetch(`${base}/health`, { headers: { 'x-pad': 'x'.repeat(20_000) } });
    expect(r431.status).toBe(431);
  });
});

describe('catalog reads and logs', () => {
  it('GET /catalog is rate limited per client: 429 with retry-after, and the log stops growing', async () => {
    const { s, base: url } = await start({ rateLimit: { catalog: { max: 5, timeWindowMs: 60_000 } } });
    const count = async () => (await s.platform.events.readAll()).length;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(url, 'GET', '/catalog')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const n = await count();
    for (let i = 0; i < 20; i++) {
      const r = await call(url, 'GET', '/catalog');
      expect(r.status).toBe(429);
      expect(r.body.error).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await count()).toBe(n);
    expect((await call(url, 'GET', '/health')).status).toBe(200);
  });

  it('/admin/logs pages with limit + cursor; the pages put together are the whole log', async () => {
    const auth = { authorization: `Bearer ${server.adminToken}` };
    const all = await call(base, 'GET', '/admin/logs?limit=10000', undefined, auth);
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThan(7);
    const pages: unknown[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 1000; i++) {
      const r: Answer = await call(
        base,
        'GET',
        `/admin/logs?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        auth,
      );
      expect(r.status).toBe(200);
      expect(r.body.length).toBeLessThanOrEqual(3);
      pages.push(...r.body);
      cursor = r.headers.get('x-next-cursor');
      if (!cursor) break;
    }
    expect(pages.slice(0, all.body.length)).toEqual(all.body);
    expect((await call(base, 'GET', '/admin/logs?cursor=nope', undefined, auth)).status).toBe(400);
    expect((await call(base, 'GET', '/admin/logs?limit=0', undefined, auth)).status).toBe(400);
  });
});

describe('OpenAPI document', () => {
  it('passes a real OpenAPI validator and documents the bound statuses on every route', async () => {
    const doc = (await call(base, 'GET', '/openapi.json')).body;
    await SwaggerParser.validate(structuredClone(doc));
    // biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document, walked by the assertions
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const code of ['400', '404', '413', '414', '415', '429', '431', '500'])
          expect(op.responses[code], `${method} ${path} ${code}`).toBeDefined();
      }
    }
    const logs = doc.paths['/admin/logs'].get;
    expect(logs.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor']),
    );
    expect(logs.responses['200'].headers['x-next-cursor']).toBeDefined();
  });
});
