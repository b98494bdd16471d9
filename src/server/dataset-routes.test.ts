import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvDataset } from '../datasets/csv-dataset.js';
import { makeClassification } from '../datasets/make-classification.js';
import { GaussianNB } from '../models/naive-bayes/gaussian-nb.js';
import { silentLogger } from '../services/logger.js';
import { type AutolearnServer, createServer } from './app.js';
import { uploadQuery } from './dataset-routes.js';

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

/** 80 rows: x (numbers, some empty), city (text, some empty), label. */
function mixedCsv(): string {
  const lines = ['x,city,label'];
  for (let i = 0; i < 80; i++) {
    const yes = i % 2 === 0;
    const x = i % 9 === 4 ? '' : ((yes ? 2 : -2) + ((i * 37) % 17) / 10).toFixed(2);
    const city = i % 13 === 6 ? '' : yes ? (i % 3 ? 'oslo' : 'rome') : i % 5 ? 'lima' : 'rome';
    lines.push(`${x},${city},${yes ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
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

  it('uploads a CSV with a text column and empty cells: imputation and encoding, then predict raw rows', async () => {
    const mixed = mixedCsv();
    const plain = await call('POST', '/datasets?name=mixed&label=label', mixed, 'text/csv');
    expect(plain.status).toBe(400);
    expect(plain.body.message).toMatch(/^line 2, column 2: non-numeric cell "rome"/);
    const ordinal = await call(
      'POST',
      '/datasets?name=mixed&label=label&impute=median&encode=ordinal',
      mixed,
      'text/csv',
    );
    expect(ordinal.status).toBe(400);
    expect(ordinal.body.message).toMatch(/encoding 'ordinal' is not supported/);
    const unknown = await call(
      'POST',
      '/datasets?name=mixed&label=label&impute_columns=town:median',
      mixed,
      'text/csv',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/unknown column 'town'/);
    const malformed = await call(
      'POST',
      '/datasets?name=mixed&label=label&encode_columns=city',
      mixed,
      'text/csv',
    );
    expect(malformed.body.message).toMatch(/encode_columns: 'city' is not column:choice/);

    const up = await call(
      'POST',
      '/datasets?name=mixed&label=label&impute=median&encode_columns=city:onehot&impute_columns=city:most_frequent',
      mixed,
      'text/csv',
    );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.columns).toEqual([
      { name: 'x', kind: 'number', missing: 9, impute: 'median', fillValue: null, encode: null },
      { name: 'city', kind: 'text', missing: 6, impute: 'most_frequent', fillValue: null, encode: 'onehot' },
    ]);
    const steps = up.body.preProcessing.map((p: { computation: string }) => p.computation);
    expect(steps).toContain(
      'imputation of empty cells (SimpleImputer): x (median), city (most_frequent), fitted on the training part and applied to every part',
    );
    const catalog = await call('GET', '/catalog');
    const entry = catalog.body.data_lake.find((d: { dataset_name: string }) => d.dataset_name === 'mixed');
    expect(entry.pre_processing.map((p: { computation: string }) => p.computation)).toEqual(steps);

    const session = await trainOn('mixed');
    const ev = await call('POST', `/sessions/${session}/evaluate`);
    expect(ev.status).toBe(200);
    const saved = await call('POST', `/sessions/${session}/save`);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const token = saved.body.token as string;
    const model = await call('GET', `/experiments/${token}/model`);
    expect(model.body.preprocessing.feature_names).toEqual(['x', 'city']);
    expect(model.body.preprocessing.steps.feature_names_out).toEqual([
      'x',
      'city_lima',
      'city_oslo',
      'city_rome',
    ]);
    const onnx = await fetch(`${base}/experiments/${token}/model?format=onnx`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(onnx.status).toBe(422);
    expect(((await onnx.json()) as { message: string }).message).toMatch(
      /step OneHotEncoder on column 'city' has no ONNX exporter/,
    );

    // every row, raw (category strings, empty cells) through predict = the evaluation's accuracy
    const rows = mixed
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const pred = await call(
      'POST',
      `/experiments/${token}/predict`,
      JSON.stringify({ rows: rows.map((r) => ({ x: r[0] === '' ? null : Number(r[0]), city: r[1] })) }),
    );
    expect(pred.status, JSON.stringify(pred.body)).toBe(200);
    const csvPred = await call('POST', `/experiments/${token}/predict`, mixed, 'text/csv');
    expect(csvPred.body.labels).toEqual(pred.body.labels);
    const metric = (n: string) =>
      ev.body.eval_data.find((m: { metric_name: string }) => m.metric_name === n).metric_value as number;
    const nTest = Math.round(80 * 0.25);
    const correct = pred.body.labels.filter((l: string, i: number) => l === rows[i]![2]).length;
    const expected = metric('test_accuracy') * nTest + metric('train_accuracy') * (80 - nTest);
    expect(correct).toBeCloseTo(expected, 6);
    expect(correct / 80).toBeGreaterThan(0.8);
    expect((await call('DELETE', '/datasets/mixed')).status).toBe(200);
  });

  it('documents the upload query with an example that validates against it', () => {
    const validate = new Ajv({ strict: false }).compile(uploadQuery);
    const examples = (uploadQuery as { examples: unknown[] }).examples;
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples) expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ name: 'x', label: 'y', impute_everything: 'mean' })).toBe(false);
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
