import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvDataset } from '../datasets/csv-dataset.js';
import { makeClassification } from '../datasets/make-classification.js';
import { GaussianNB } from '../models/naive-bayes/gaussian-nb.js';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';

let dir: string;
let server: AutolearnServer;
let base: string;
let csv: string;
const ADMIN = 'dataset-routes-admin-key-0123456789';

function blobsCsv(): string {
  const { X, y } = makeClassification({
    nSamples: 300,
    nFeatures: 4,
    nInformative: 3,
    nRedundant: 1,
    nClasses: 3,
    seed: 5,
  });
  const lines = ['f0,f1,f2,f3,kind'];
  for (let i = 0; i < X.rows; i++) {
    const row = Array.from({ length: X.cols }, (_, j) => X.data[i * X.cols + j]!.toFixed(6));
    lines.push(`${row.join(',')},class_${y[i]}`);
  }
  return `${lines.join('\n')}\n`;
}

async function call(method: string, path: string, body?: string, type = 'application/json') {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function start() {
  server = await createServer({
    dataDir: dir,
    poolSize: 2,
    logger: silentLogger,
    env: {},
    adminToken: ADMIN,
    uploadLimit: 64 * 1024,
  });
  base = await server.listen(0);
}

async function trainOn(dataset: string) {
  const submitted = await call(
    'POST',
    '/train',
    JSON.stringify({
      train_data: {
        dataset: { dataset_name: dataset, dataset_task: 'classification', split_test: 0.25, split_seed: 3 },
        model: { model_name: 'GaussianNB', model_task: 'classification', model_hyperparams: [] },
        learning: {
          loss: 'negative_log_likelihood',
          learning_algorithm: 'maximum_likelihood',
          learning_hyperparams: [],
        },
      },
    }),
  );
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  const token = submitted.body.token as string;
  for (let i = 0; i < 400; i++) {
    const s = await call('GET', `/train/${token}`);
    if (s.body.state === 'done') return token;
    expect(['queued', 'running']).toContain(s.body.state);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('training did not finish');
}

describe('dataset upload', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'al-datasets-'));
    csv = blobsCsv();
    await start();
  });
  afterAll(async () => {
    await server?.close(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers an uploaded CSV in the catalog and trains on it like on a built-in', async () => {
    const up = await call('POST', '/datasets?name=blobs&label=kind&scaling=standard', csv, 'text/csv');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({
      name: 'blobs',
      label: 'kind',
      nRecords: 300,
      features: ['f0', 'f1', 'f2', 'f3'],
    });
    expect(up.body.preview[0]).toBe('f0,f1,f2,f3,kind');
    const catalog = await call('GET', '/catalog');
    const entry = catalog.body.data_lake.find((d: { dataset_name: string }) => d.dataset_name === 'blobs');
    expect(entry).toMatchObject({ n_record: 300, label: ['kind'] });

    const token = await trainOn('blobs');
    const ev = await call('POST', `/sessions/${token}/evaluate`);
    expect(ev.status).toBe(200);
    const acc = ev.body.eval_data.find(
      (m: { metric_name: string }) => m.metric_name === 'test_accuracy',
    ).metric_value;

    // the same split, scaling and model in-process on the same file give the same accuracy
    const file = join(dir, 'local.csv');
    writeFileSync(file, csv);
    const ds = await loadCsvDataset(file, {
      label: 'kind',
      scaler: 'standard',
      split: { test: 0.25, seed: 3 },
    });
    const model = await new GaussianNB().fit(ds);
    const report = await model.evaluate(ds, { on: 'test' });
    expect(acc).toBeCloseTo(report.accuracy, 12);
  });

  it('refuses a bad cell with its line and column, a taken name, a bad name and an oversized file', async () => {
    const bad = csv.split('\n');
    bad[7] = '0.1,oops,0.3,0.4,class_1';
    const r = await call('POST', '/datasets?name=broken&label=kind', bad.join('\n'), 'text/csv');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('bad_csv');
    expect(r.body.message).toMatch(/line 8/);
    expect(r.body.message).toMatch(/column/);
    expect(r.body.message).not.toContain(tmpdir());

    expect((await call('POST', '/datasets?name=iris&label=kind', csv, 'text/csv')).status).toBe(409);
    expect((await call('POST', '/datasets?name=blobs&label=kind', csv, 'text/csv')).status).toBe(409);
    expect((await call('POST', '/datasets?name=Bad%20Name&label=kind', csv, 'text/csv')).status).toBe(400);
    expect((await call('POST', '/datasets?name=nolabel&label=missing', csv, 'text/csv')).status).toBe(400);
    const big = csv.repeat(8);
    const tooBig = await call('POST', '/datasets?name=big&label=kind', big, 'text/csv');
    expect(tooBig.status).toBe(413);
    const list = await call('GET', '/datasets');
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(['blobs']);
  });

  it('keeps uploads across a restart (sessions on them still evaluate), and deletes them', async () => {
    const token = await trainOn('blobs');
    await server.close(0);
    await start();
    const catalog = await call('GET', '/catalog');
    expect(catalog.body.data_lake.map((d: { dataset_name: string }) => d.dataset_name)).toContain('blobs');
    expect((await call('POST', `/sessions/${token}/evaluate`)).status).toBe(200);
    const one = await call('GET', '/datasets/blobs');
    expect(one.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'datasets', 'blobs.csv'), 'utf8')).toBe(csv);

    // another user sees the dataset in the catalog but may not delete it
    const created = await call('POST', '/admin/users', JSON.stringify({ name: 'dora' }));
    expect(created.status).toBe(201);
    const asDora = await fetch(`${base}/datasets/blobs`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${created.body.api_key}` },
    });
    expect(asDora.status).toBe(403);
    expect((await call('DELETE', '/datasets/blobs')).status).toBe(200);
    expect((await call('GET', '/datasets/blobs')).status).toBe(404);
    const after = await call('GET', '/catalog');
    expect(after.body.data_lake.map((d: { dataset_name: string }) => d.dataset_name)).not.toContain('blobs');
  });
});
