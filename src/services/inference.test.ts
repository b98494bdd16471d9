/**
 * A trained model is a product, through the facade: Iris + SVC trained in worker threads, then the
 * model card (checked against the same checkpoint evaluated here), predictions on raw rows (named,
 * arrays, CSV) equal to the in-process model on the Dataset-scaled rows, typed errors for bad rows,
 * one checkpoint parse per model (LRU), stable public ids, the behavioural records, ONNX export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';
import { NotFoundError } from '../core/errors.js';
import type { Dataset } from '../datasets/dataset.js';
import { getDataset } from '../datasets/index.js';
import { IRIS_FEATURES } from '../datasets/iris-data.js';
import { loadCheckpoint } from '../models/load-checkpoint.js';
import { runOnnx } from '../onnx/test-utils/ort.js';
import { createPlatform, type Platform } from './config.js';
import { createLogger } from './logger.js';
import { checkpointParses, MAX_PREDICT_ROWS, PredictInputError } from './predict.js';
import { flowLine } from './test-utils/flow.js';
import { generateKey } from './tokens.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-infer-'));
const errors: string[] = [];
let p: Platform;

beforeAll(async () => {
  p = await createPlatform({
    dataDir: tmp,
    registry: registerBuiltins(new Registry()),
    logger: createLogger({ sinks: [(l) => errors.push(l)] }),
    secretKey: generateKey().key.toString('base64'),
  });
});

afterAll(async () => {
  await p.close();
  rmSync(tmp, { recursive: true, force: true });
});

const request = {
  train_data: {
    dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: 5 },
    model: {
      model_name: 'SVC',
      model_task: 'classification',
      model_hyperparams: [
        { hyper_param_name: 'kernel', hyper_param_value: 'rbf' },
        { hyper_param_name: 'probability', hyper_param_value: true },
      ],
    },
    learning: { loss: 'hinge', learning_algorithm: 'smo', learning_hyperparams: [] },
  },
};

/** Raw (unscaled) test rows of the same split. */
async function rawTest(): Promise<{ ds: Dataset; raw: number[][] }> {
  const ds = (await getDataset('iris', { split: { test: 0.3, seed: 5 } })) as Dataset;
  const X = ds.scaler!.inverseTransform(ds.part('test').X);
  const raw = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * 4, i * 4 + 4)));
  return { ds, raw };
}

describe('inference through ExperimentService', () => {
  let token = '';

  it('records a model card with everything a reader needs, consistent with the checkpoint', async () => {
    ({ token } = await p.service.train(request));
    const ck = await p.service.getModel(token, 'session');
    const card = ck.card!;
    expect(card.dataset.name).toBe('iris');
    expect(card.dataset.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.dataset.feature_names).toEqual([...IRIS_FEATURES]);
    expect(card.split).toEqual({ test: 0.3, seed: 5, n_train: 105, n_test: 45 });
    expect(card.params).toEqual(ck.params);
    expect(card.params.kernel).toBe('rbf');
    expect(card.seed).toBe(0);
    expect(card.library.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(card.device).toBe('cpu');
    expect(card.fit_ms).toBeGreaterThan(0);
    // metrics and confusion matrices equal the checkpoint evaluated here on the same split
    const { ds } = await rawTest();
    const model = loadCheckpoint(ck);
    for (const part of ['test', 'train'] as const) {
      const rep = await model.evaluate(ds, { on: part });
      expect(card.metrics[part].accuracy).toBeCloseTo(rep.accuracy, 12);
      expect(card.confusion[part]).toEqual(rep.confusion.matrix);
      expect(card.confusion[part].flat().reduce((a, b) => a + b, 0)).toBe(part === 'test' ? 45 : 105);
    }
    // the checksum is of the data: another split of the same rows has the same one
    const other = await getDataset('iris', { split: { test: 0.5, seed: 9 } });
    const { datasetChecksum } = await import('./model-card.js');
    expect(datasetChecksum(other)).toBe(card.dataset.sha256);
  });

  it('predicts raw rows (named, arrays, CSV) as the in-process model on the scaled rows', async () => {
    const { ds, raw } = await rawTest();
    const model = loadCheckpoint(await p.service.getModel(token, 'session'));
    const X = ds.transform(raw);
    const expected = await model.predict(X);
    const proba = await model.predictProba(X);
    const before = checkpointParses();
    const byArrays = await p.service.predict(token, { rows: raw });
    expect(byArrays.labels).toEqual(expected);
    expect(byArrays.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(byArrays.probabilities!.flat()).toEqual(Array.from(proba.data));
    expect(byArrays.decision).toHaveLength(45);
    const named = raw.map((r) => Object.fromEntries(IRIS_FEATURES.map((f, j) => [f, r[j]])));
    expect((await p.service.predict(token, named)).labels).toEqual(expected);
    const csv = [`id,${IRIS_FEATURES.join(',')}`, ...raw.map((r, i) => `${i},${r.join(',')}`)].join('\n');
    expect((await p.service.predict(token, csv)).labels).toEqual(expected);
    // the checkpoint was parsed once for the three requests (LRU), not once per request
    expect(checkpointParses() - before).toBe(1);
  });

  it('rejects bad rows with typed errors naming the row and feature', async () => {
    const bad = async (rows: unknown) => p.service.predict(token, rows).catch((e) => e);
    const e1 = await bad([[1, 2, 3]]);
    expect(e1).toBeInstanceOf(PredictInputError);
    expect(e1.message).toMatch(/row 0 has 3 values, the model takes 4/);
    const e2 = await bad([{ sepal_length: 1, sepal_width: 2, petal_length: 3, petal_widht: 4 }]);
    expect(e2.reason).toBe('feature');
    expect(e2.message).toMatch(/unknown feature 'petal_widht'/);
    expect((await bad([{ sepal_length: 1 }])).message).toMatch(/missing feature\(s\) sepal_width/);
    expect((await bad([[1, 2, 'x', 4]])).reason).toBe('value');
    expect((await bad([])).reason).toBe('shape');
    expect((await bad(Array.from({ length: MAX_PREDICT_ROWS + 1 }, () => [1, 2, 3, 4]))).reason).toBe(
      'limit',
    );
    expect((await bad(42)).reason).toBe('format');
  });

  it('opens a saved experiment under the same id every time; predicts and exports ONNX', async () => {
    await p.service.save(token);
    const a = await p.service.getExperiment(token);
    const b = await p.service.getExperiment(token);
    const [listed] = await p.service.listExperiments();
    expect(a.token).toBe(token);
    expect(b.token).toBe(token);
    expect(listed!.token).toBe(token);
    expect(token.length).toBeLessThanOrEqual(32);
    expect(a.model_summary.feature_names).toEqual([...IRIS_FEATURES]);
    expect(a.model_summary.scaled).toBe(true);
    expect(a.model_card!.metrics.test.n).toBe(45);
    await expect(p.service.predict(token, [[5, 3, 1, 0.2]])).rejects.toBeInstanceOf(NotFoundError);
    const { raw } = await rawTest();
    const viaExperiment = await p.service.predict(token, raw, { from: 'experiment' });
    const onnx = await p.service.exportOnnx(token);
    const ort = await runOnnx(onnx, { rows: raw.length, cols: 4, data: Float64Array.from(raw.flat()) });
    expect(ort.labels).toEqual(viaExperiment.labels);
    const log = (await p.service.log()).map(flowLine);
    expect(log).toContain('storage: CLIENT > STORAGE receive predict_req');
    expect(log).toContain('storage: STORAGE > CLIENT send prediction');
    expect(log).toContain('session: SESSION > CLIENT send bad_request');
    expect(errors).toEqual([]);
  });
});
