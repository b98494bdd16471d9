/**
 * End to end: train on the server, save, open the experiment twice (same id), predict over HTTP
 * (JSON and CSV) and through the compiled CLI (same labels as the in-process model), export ONNX
 * (HTTP and CLI) and run it with onnxruntime-node (same labels). The OpenAPI document describes every
 * new route, with examples that validate against their own schemas.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cli } from '../cli/test-utils/proc.js';
import type { Dataset } from '../datasets/dataset.js';
import { getDataset } from '../datasets/index.js';
import { IRIS_FEATURES } from '../datasets/iris-data.js';
import { loadCheckpoint } from '../models/load-checkpoint.js';
import { runOnnx } from '../onnx/test-utils/ort.js';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';
import { irisRequest } from './test-utils/requests.js';

let dir: string;
let server: AutolearnServer;
let base: string;
const ADMIN_KEY = 'inference-e2e-admin-key-0123456789';

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'al-infer-e2e-'));
  server = await createServer({
    dataDir: dir,
    poolSize: 2,
    logger: silentLogger,
    env: {},
    adminToken: ADMIN_KEY,
  });
  base = await server.listen(0);
});
afterAll(async () => {
  await server?.close(0);
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function waitDone(token: string) {
  for (let i = 0; i < 600; i++) {
    const r = await call('GET', `/train/${token}`);
    if (!['queued', 'running'].includes(r.body.state)) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('training did not finish');
}

const json = (r: { code: number | null; stdout: string; stderr: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('a trained model is a product (server, CLI, ONNX)', () => {
  let token = '';
  let ds: Dataset;
  let raw: number[][];
  let expected: (string | number)[];

  it('train -> save -> GET /experiments/{id} twice shows the same short id', async () => {
    const req = irisRequest(
      'SVC',
      'hinge',
      'smo',
      [{ hyper_param_name: 'probability', hyper_param_value: true }],
      4,
    );
    const accepted = await call('POST', '/train', req);
    expect(accepted.status).toBe(202);
    token = accepted.body.token;
    expect((await waitDone(token)).state).toBe('done');
    expect((await call('POST', `/sessions/${token}/evaluate`)).status).toBe(200);
    expect((await call('POST', `/sessions/${token}/save`)).status).toBe(200);
    const a = await call('GET', `/experiments/${token}`);
    const b = await call('GET', `/experiments/${token}`);
    const list = await call('GET', '/experiments');
    expect(a.status).toBe(200);
    expect(a.body.token).toBe(token);
    expect(b.body.token).toBe(token);
    expect(list.body.map((r: { token: string }) => r.token)).toEqual([token]);
    expect(token.length).toBeLessThanOrEqual(32);
    expect(a.body.model_card.dataset.name).toBe('iris');
    expect(a.body.model_card.confusion.test.flat().reduce((x: number, y: number) => x + y, 0)).toBe(45);
    expect(a.body.model_summary.feature_names).toEqual([...IRIS_FEATURES]);
    expect((await call('GET', '/experiments/Bxxxxxxxxxxxxxxxxxxxxxxx')).status).toBe(400);
  });

  it('predicts over HTTP (JSON and CSV) like the in-process model; bad rows are 400', async () => {
    const model = await call('GET', `/experiments/${token}/model`);
    expect(model.status).toBe(200);
    expect(model.body.format).toBe('autolearn-checkpoint');
    expect(model.body.card.params.probability).toBe(true);
    ds = (await getDataset('iris', { split: { test: 0.3, seed: 4 } })) as Dataset;
    const X = ds.scaler!.inverseTransform(ds.part('test').X);
    raw = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * 4, i * 4 + 4)));
    expected = await loadCheckpoint(model.body).predict(ds.transform(raw));
    const viaJson = await call('POST', `/experiments/${token}/predict`, { rows: raw });
    expect(viaJson.status).toBe(200);
    expect(viaJson.body.labels).toEqual(expected);
    expect(viaJson.body.probabilities).toHaveLength(45);
    const csv = [IRIS_FEATURES.join(','), ...raw.map((r) => r.join(','))].join('\n');
    const viaCsv = await call('POST', `/experiments/${token}/predict`, csv, 'text/csv');
    expect(viaCsv.status).toBe(200);
    expect(viaCsv.body.labels).toEqual(expected);
    const wrongCount = await call('POST', `/experiments/${token}/predict`, { rows: [[1, 2, 3]] });
    expect([wrongCount.status, wrongCount.body.error]).toEqual([400, 'invalid_rows']);
    const wrongName = await call('POST', `/experiments/${token}/predict`, { rows: [{ petal: 1 }] });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.message).toMatch(/unknown feature 'petal'/);
    expect((await call('POST', `/experiments/${token}/predict`, { nope: 1 })).status).toBe(400);
    // batch limits: at most 10,000 rows (400) and 2 MiB (413) per request
    const many = await call('POST', `/experiments/${token}/predict`, {
      rows: Array(10_001).fill([1, 2, 3, 4]),
    });
    expect(many.status).toBe(400);
    const huge = `${IRIS_FEATURES.join(',')}\n${'5.1,3.5,1.4,0.2\n'.repeat(200_000)}`;
    expect((await call('POST', `/experiments/${token}/predict`, huge, 'text/csv')).status).toBe(413);
    expect((await call('POST', `/sessions/${token}/predict`, { rows: raw })).status).toBe(404);
  });

  it('the CLI predicts the same labels and exports ONNX that onnxruntime runs to the same labels', async () => {
    const work = mkdtempSync(join(dir, 'cli-'));
    const csv = join(work, 'rows.csv');
    writeFileSync(csv, [IRIS_FEATURES.join(','), ...raw.map((r) => r.join(','))].join('\n'));
    const S = ['--server', base, '--api-key', ADMIN_KEY];
    const p = json(await cli(['predict', token, '--csv', csv, ...S, '--json']));
    expect(p.labels).toEqual(expected);
    const out = join(work, 'pred.csv');
    const r = await cli(['predict', token, '--csv', csv, '--out', out, ...S]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('label,p_setosa,p_versicolor,p_virginica');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(expected);
    const row = IRIS_FEATURES.map((f, j) => `${f}=${raw[0]![j]}`).join(',');
    expect(json(await cli(['predict', token, '--row', row, ...S, '--json'])).labels).toEqual([expected[0]]);
    const bad = await cli(['predict', token, '--row', '1,2,3', ...S]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/3 values, the model takes 4/);
    const shown = await cli(['experiments', token, ...S]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/model card/);
    expect(shown.stdout).toMatch(/confusion matrix, test set/);

    const onnxFile = join(work, 'model.onnx');
    const ex = await cli(['export', token, '--format', 'onnx', '--out', onnxFile, ...S]);
    expect(ex.code, ex.stderr).toBe(0);
    const X = { rows: raw.length, cols: 4, data: Float64Array.from(raw.flat()) };
    expect((await runOnnx(readFileSync(onnxFile), X)).labels).toEqual(expected);
    const res = await fetch(`${base}/experiments/${token}/model?format=onnx`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.headers.get('content-type')).toMatch(/application\/octet-stream/);
    const viaHttp = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(viaHttp).equals(readFileSync(onnxFile))).toBe(true);
  }, 60_000);

  it('OpenAPI documents every new route with examples that validate against their own schemas', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const ajv = new Ajv({ strict: false, allErrors: true });
    const routes: [string, string][] = [
      ['/sessions/{token}/predict', 'post'],
      ['/experiments/{token}/predict', 'post'],
      ['/experiments/{token}', 'get'],
      ['/experiments/{token}/model', 'get'],
    ];
    for (const [path, method] of routes) {
      // an example is the media type's `example` (@fastify/swagger moves a schema's first one there)
      // or the schema's own `examples`
      type Media = { schema: { examples?: unknown[] }; example?: unknown };
      const op = doc.paths[path]?.[method] as
        | {
            requestBody?: { content: Record<string, Media> };
            responses: Record<string, { content?: Record<string, Media> }>;
          }
        | undefined;
      expect(op, `${method} ${path}`).toBeDefined();
      const media = [
        ...Object.values(op!.requestBody?.content ?? {}),
        ...Object.values(op!.responses['200']?.content ?? {}),
      ];
      expect(media.length, `${method} ${path}`).toBeGreaterThan(0);
      for (const { schema, ...m } of media) {
        const examples = [...('example' in m ? [m.example] : []), ...(schema.examples ?? [])];
        expect(examples.length, `${method} ${path} has examples`).toBeGreaterThan(0);
        for (const ex of examples) {
          const ok = ajv.validate(schema, ex);
          expect(ajv.errors ?? [], `${method} ${path}`).toEqual([]);
          expect(ok).toBe(true);
        }
      }
    }
    // and the live answers conform to the documented schemas
    const exp = await call('GET', `/experiments/${token}`);
    const s = (
      doc.paths['/experiments/{token}']!.get as {
        responses: Record<string, { content: Record<string, { schema: object }> }>;
      }
    ).responses['200']!.content['application/json']!.schema;
    expect(ajv.validate(s, exp.body), JSON.stringify(ajv.errors)).toBe(true);
  });
});
