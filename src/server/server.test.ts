import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/logger.js';
import { ADMIN_TOKEN_FILE } from './admin-token.js';
import { type AutolearnServer, createServer } from './app.js';
import { irisRequest, slowRequest } from './test-utils/requests.js';

let dir: string;
let server: AutolearnServer;
let base: string;
let doc: {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};
const ajv = new Ajv({ strict: false, allErrors: true });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'al-server-'));
  // one client (this test) fills all 4 workers in the /health test: lift the per-client share
  server = await createServer({
    dataDir: dir,
    poolSize: 4,
    maxRunningPerClient: 4,
    logger: silentLogger,
    env: {},
  });
  base = await server.listen(0);
  doc = (await (await fetch(`${base}/openapi.json`)).json()) as typeof doc;
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dir, { recursive: true, force: true });
});

/** A request as the bootstrap admin (its API key) unless `headers` say otherwise. */
async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = adminHeaders(),
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Checks a response body against the OpenAPI document's schema for that operation and status. */
function conforms(path: string, method: string, status: number, body: unknown) {
  const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${status} documented`).toBeDefined();
  const ok = ajv.validate(schema!, body);
  expect(ajv.errors ?? [], `${method} ${path} ${status}`).toEqual([]);
  expect(ok).toBe(true);
}

async function waitDone(token: string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await call('GET', `/train/${token}`);
    if (!['queued', 'running'].includes(r.body.state)) return r;
    if (Date.now() > end) throw new Error(`job still ${r.body.state}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

const adminHeaders = () => ({ authorization: `Bearer ${server.adminToken}` });

describe('HTTP server', () => {
  it('generates the admin token into the data dir with mode 0600', () => {
    const st = statSync(join(dir, ADMIN_TOKEN_FILE));
    expect(st.mode & 0o777).toBe(0o600);
    expect(server.adminToken.length).toBeGreaterThan(20);
  });

  it('serves the whole flow; answers match the OpenAPI document; SSE streams the job states', async () => {
    const cat = await call('GET', '/catalog');
    expect(cat.status).toBe(200);
    conforms('/catalog', 'get', 200, cat.body);
    expect(cat.body.models.map((m: { model_name: string }) => m.model_name)).toContain('GaussianNB');

    const t = await call('POST', '/train', irisRequest());
    expect(t.status).toBe(202);
    conforms('/train', 'post', 202, t.body);
    expect(['queued', 'running']).toContain(t.body.state);
    const token: string = t.body.token;

    // server-sent events: the stream ends with the terminal state
    const sse = await fetch(`${base}/train/${token}/events`, { headers: adminHeaders() });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const events = (await sse.text())
      .split('\n\n')
      .filter((b) => b.startsWith('event: status'))
      .map((b) => JSON.parse(b.split('\ndata: ')[1]!));
    expect(events.at(-1).state).toBe('done');
    expect(events.every((e) => e.token === token)).toBe(true);

    const done = await waitDone(token);
    conforms('/train/{token}', 'get', 200, done.body);
    expect(done.body.state).toBe('done');

    const ev = await call('POST', `/sessions/${token}/evaluate`);
    expect(ev.status).toBe(200);
    conforms('/sessions/{token}/evaluate', 'post', 200, ev.body);
    const names = ev.body.eval_data.map((m: { metric_name: string }) => m.metric_name);
    expect(names).toEqual(
      expect.arrayContaining(['test_precision_macro', 'test_recall_macro', 'train_precision_macro']),
    );

    const one = await call('GET', `/sessions/${token}`);
    conforms('/sessions/{token}', 'get', 200, one.body);
    expect(one.body.eval_data).toEqual(ev.body.eval_data);
    expect(JSON.parse(one.body.checkpoint).model).toBe('GaussianNB');

    const list = await call('GET', '/sessions?model=GaussianNB');
    conforms('/sessions', 'get', 200, list.body);
    expect(list.body.some((r: { created_at: number }) => r.created_at === t.body.created_at)).toBe(true);

    const saved = await call('POST', `/sessions/${token}/save`);
    expect(saved.status).toBe(200);
    conforms('/sessions/{token}/save', 'post', 200, saved.body);
    expect(saved.body.status).toBe('saved');
    const exps = await call('GET', '/experiments');
    conforms('/experiments', 'get', 200, exps.body);
    expect(exps.body.map((r: { created_at: number }) => r.created_at)).toContain(t.body.created_at);
    expect((await call('GET', `/sessions/${token}`)).status).toBe(404);

    const h = await call('GET', '/health');
    conforms('/health', 'get', 200, h.body);
    expect((await fetch(`${base}/docs`)).headers.get('content-type')).toContain('text/html');
  });

  it('admin logs: 401 without a key and with a wrong one; filters by service and time range, in time order', async () => {
    const from = Date.now();
    await call('GET', '/catalog');
    expect((await call('GET', '/admin/logs', undefined, {})).status).toBe(401);
    expect((await call('GET', '/admin/logs', undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    const all = await call('GET', `/admin/logs?from=${from}`, undefined, adminHeaders());
    expect(all.status).toBe(200);
    conforms('/admin/logs', 'get', 200, all.body);
    const lines = all.body.map(
      (r: {
        aggregate: string;
        value: { source_service: string; destination_service: string; message_type: string; payload: string };
      }) =>
        `${r.aggregate}: ${r.value.source_service} > ${r.value.destination_service} ${r.value.message_type} ${r.value.payload}`,
    );
    expect(lines).toEqual([
      'client: CLIENT > CATALOG send training_catalog_req',
      'catalog: CLIENT > CATALOG receive training_catalog_req',
      'catalog: CATALOG > CLIENT send training_catalog',
      'client: CATALOG > CLIENT receive training_catalog',
    ]);
    const ts = all.body.map((r: { timestamp: number }) => r.timestamp);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    const only = await call('GET', `/admin/logs?service=catalog&from=${from}`, undefined, adminHeaders());
    expect(only.body.map((r: { aggregate: string }) => r.aggregate)).toEqual(['catalog', 'catalog']);
    const none = await call('GET', `/admin/logs?to=${from - 1}&from=${from}`, undefined, adminHeaders());
    expect(none.body).toEqual([]);
    expect((await call('GET', '/admin/logs?service=nope', undefined, adminHeaders())).status).toBe(400);
  });

  it('rejects bad input with 4xx and a message, touching nothing', async () => {
    const sessionsBefore = (await call('GET', '/sessions')).body.length;
    const malformed = await call('POST', '/train', '{"train_data": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/JSON/);
    const big = await call('POST', '/train', { pad: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    expect((await call('GET', '/no/such/route')).status).toBe(404);

    // schema (catalog enums) and the service's validator (hyper-parameter ranges)
    const unknownModel = irisRequest('NoSuchModel');
    const s1 = await call('POST', '/train', unknownModel);
    expect(s1.status).toBe(400);
    expect(s1.body.message).toMatch(/model_name/);
    const badParam = irisRequest('GaussianNB', undefined, undefined, [
      { hyper_param_name: 'varSmoothing', hyper_param_value: -1 },
    ]);
    const s2 = await call('POST', '/train', badParam);
    expect(s2.status).toBe(400);
    expect(s2.body.violations[0].path).toMatch(/model_hyperparams/);

    // forged / altered session ids
    const t = await call('POST', '/train', irisRequest());
    await waitDone(t.body.token);
    const real: string = t.body.token;
    const altered = real.slice(0, -2) + (real.endsWith('AA') ? 'BB' : 'AA');
    const from = Date.now();
    for (const [m, p] of [
      ['POST', `/sessions/${altered}/evaluate`],
      ['POST', `/sessions/${altered}/save`],
      ['GET', `/sessions/${altered}`],
      ['GET', `/train/${altered}`],
      ['POST', '/sessions/forged-id/save'],
    ] as const) {
      const r = await call(m, p);
      expect(r.status, `${m} ${p}`).toBe(400);
      expect(r.body.error).toBe('invalid_token');
    }
    const after = await call('GET', `/sessions/${real}`);
    expect(after.body.eval_data).toEqual([]); // not evaluated, not saved
    expect((await call('GET', '/sessions')).body.length).toBe(sessionsBefore + 1);
    const log = await call('GET', `/admin/logs?service=client&from=${from}`, undefined, adminHeaders());
    expect(
      log.body.filter((r: { value: { payload: string } }) => r.value.payload === 'req_rejected').length,
    ).toBe(4);
  });

  it('cancels a running training: the job ends cancelled and no session record appears', async () => {
    const t = await call('POST', '/train', slowRequest(1));
    expect(t.status).toBe(202);
    const end = Date.now() + 20_000;
    while ((await call('GET', `/train/${t.body.token}`)).body.state !== 'running' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const c = await call('POST', `/train/${t.body.token}/cancel`);
    expect(c.status).toBe(200);
    expect(c.body.state).toBe('cancelled');
    expect((await call('GET', `/sessions/${t.body.token}`)).status).toBe(404);
  });

  it('answers /health in < 50 ms while 4 trainings run in the worker pool', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) tokens.push((await call('POST', '/train', slowRequest(10 + i))).body.token);
    const end = Date.now() + 30_000;
    while (server.pool.stats().running < 4 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(server.pool.stats().running).toBe(4);
    await call('GET', '/health'); // connection set-up, not measured
    // Rounds of 20 requests; a round passes when 19 of 20 answer in < 50 ms. The test machine's cores
    // are shared with other processes, so one disturbed round may be retried; a blocked event loop
    // (a fit on the main thread takes seconds) fails every round.
    const rounds: string[] = [];
    let passed = false;
    for (let round = 0; round < 5 && !passed; round++) {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        const h = await fetch(`${base}/health`);
        await h.arrayBuffer();
        times.push(performance.now() - t0);
        expect(h.status).toBe(200);
      }
      expect(server.pool.stats().running, 'the 4 trainings still run at the end of the round').toBe(4);
      times.sort((a, b) => a - b);
      rounds.push(
        `median ${times[10]!.toFixed(1)} ms, p95 ${times[18]!.toFixed(1)} ms, max ${times[19]!.toFixed(1)} ms`,
      );
      expect(times[10]).toBeLessThan(50);
      passed = times[18]! < 50;
    }
    console.info(`/health with 4 trainings running: ${rounds.join('; ')}`);
    expect(passed, rounds.join('; ')).toBe(true);
    for (const t of tokens) expect((await call('POST', `/train/${t}/cancel`)).body.state).toBe('cancelled');
  });

  it('completes 20 concurrent training requests with every record present', async () => {
    const from = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', '/train', irisRequest('GaussianNB', undefined, undefined, [], 100 + i)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const tokens = answers.map((a) => a.body.token as string);
    const states = await Promise.all(tokens.map((t) => waitDone(t, 60_000)));
    expect(states.map((s) => s.body.state)).toEqual(Array(20).fill('done'));
    const sessions = (await call('GET', `/sessions?from=${from}`)).body as { created_at: number }[];
    const created = new Set(answers.map((a) => a.body.created_at));
    expect(created.size).toBe(20);
    expect(sessions.filter((s) => created.has(s.created_at)).length).toBe(20);
    const log = (await call('GET', `/admin/logs?service=session&from=${from}`, undefined, adminHeaders()))
      .body;
    expect(
      log.filter((r: { value: { payload: string } }) => r.value.payload === 'train_data_record').length,
    ).toBe(20);
    const queue = (
      await call('GET', `/admin/logs?service=sessionRecord&from=${from}`, undefined, adminHeaders())
    ).body;
    expect(queue.length).toBe(20);
  });

  it('streams `progress` events with 0 < fraction < 1 before `done`; poll shows the progress', async () => {
    const t = await call(
      'POST',
      '/train',
      irisRequest('RandomForestClassifier', 'gini', 'cart', [
        { hyper_param_name: 'nEstimators', hyper_param_value: 4000 },
        { hyper_param_name: 'nJobs', hyper_param_value: 1 },
      ]),
    );
    expect(t.status).toBe(202);
    const token: string = t.body.token;
    const sse = await fetch(`${base}/train/${token}/events`, { headers: adminHeaders() });
    const blocks = (await sse.text()).split('\n\n').filter((b) => b.startsWith('event: '));
    const events = blocks.map((b) => ({
      type: b.slice(7, b.indexOf('\n')),
      data: JSON.parse(b.split('\ndata: ')[1]!),
    }));
    const doneAt = events.findIndex((e) => e.type === 'status' && e.data.state === 'done');
    expect(doneAt).toBe(events.length - 1);
    const progress = events.filter((e) => e.type === 'progress').map((e) => e.data);
    const during = progress.filter((p) => p.fraction > 0 && p.fraction < 1);
    expect(during.length).toBeGreaterThanOrEqual(1);
    // SSE progress data matches the documented schema; fractions never go back
    const sseDoc = doc.paths['/train/{token}/events']!.get!.responses['200']!.content!['text/event-stream']!
      .schema as { 'x-sse-events': { progress: object; status: object } };
    for (const p of progress) {
      expect(ajv.validate(sseDoc['x-sse-events'].progress, p), JSON.stringify(ajv.errors)).toBe(true);
      expect(p.token).toBe(token);
      expect(p.total).toBe(4000);
      expect(p.iteration).toBe(Math.round(p.fraction * 4000));
    }
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);
    }
    // throttled: at most ~10 reports a second of fit time (+ the final one)
    const status = events.filter((e) => e.type === 'status').map((e) => e.data);
    const fitSeconds = (status.at(-1).updated_at - status[0].created_at) / 1000;
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(fitSeconds * 10) + 2);
    const done = await call('GET', `/train/${token}`);
    conforms('/train/{token}', 'get', 200, done.body);
    expect(done.body.progress.fraction).toBe(1);
  });

  it('the poll response of a running fit carries its latest progress', async () => {
    const t = await call('POST', '/train', slowRequest(3));
    const token: string = t.body.token;
    let seen: { fraction: number } | null = null;
    const end = Date.now() + 20_000;
    while (!seen && Date.now() < end) {
      const r = await call('GET', `/train/${token}`);
      conforms('/train/{token}', 'get', 200, r.body);
      if (r.body.state === 'running' && r.body.progress) seen = r.body.progress;
      if (!['queued', 'running'].includes(r.body.state)) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(seen).not.toBeNull();
    expect(seen!.fraction).toBeGreaterThan(0);
    expect(seen!.fraction).toBeLessThan(1);
    await call('POST', `/train/${token}/cancel`);
  });
});
