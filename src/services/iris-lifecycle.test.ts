/**
 * The whole life cycle on the real Iris dataset with a built-in model (LogisticRegression), trained
 * and evaluated in worker threads set up by `registerBuiltins`, checked against the seed's payload
 * sequence and against the same checkpoint evaluated in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';
import { getDataset } from '../datasets/index.js';
import { LogisticRegression } from '../models/logistic/index.js';
import { createPlatform, type Platform } from './config.js';
import { createLogger } from './logger.js';
import { FLOWS, flowLine } from './test-utils/flow.js';
import { generateKey } from './tokens.js';

const tmp = mkdtempSync(join(tmpdir(), 'autolearn-iris-'));
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
    dataset: { dataset_name: 'iris', dataset_task: 'classification', split_test: 0.3, split_seed: 7 },
    model: {
      model_name: 'LogisticRegression',
      model_task: 'classification',
      model_hyperparams: [{ hyper_param_name: 'C', hyper_param_value: 1 }],
    },
    learning: {
      loss: 'cross_entropy',
      learning_algorithm: 'lbfgs',
      learning_hyperparams: [{ hyper_param_name: 'maxIter', hyper_param_value: 200 }],
    },
  },
};

describe('Iris life cycle through the facade', () => {
  it('catalog -> train -> sessions -> evaluate -> save -> experiments, with the seed event log', async () => {
    const cat = await p.service.catalog();
    expect(cat.data_lake.find((d) => d.dataset_name === 'iris')?.n_record).toBe(150);
    expect(cat.models.map((m) => m.model_name)).toContain('LogisticRegression');

    const { token } = await p.service.train(request);
    const sessions = await p.service.listSessions({ dataset: 'iris' });
    expect(sessions).toHaveLength(1);
    const { eval_data } = await p.service.evaluate(token);
    await p.service.save(token);
    const exps = await p.service.listExperiments({ model: 'LogisticRegression' });
    expect(exps).toHaveLength(1);
    expect(exps[0]!.eval_data).toEqual(eval_data);
    expect(errors).toEqual([]);

    expect((await p.service.log()).map(flowLine)).toEqual([
      ...FLOWS.catalog,
      ...FLOWS.trainAccepted,
      ...FLOWS.viewSessions,
      ...FLOWS.evaluateAccepted,
      ...FLOWS.save,
      ...FLOWS.viewExperiments,
    ]);

    // The worker's numbers equal the checkpoint evaluated here on the same split.
    const [record] = await p.repository.permanent.list();
    const model = LogisticRegression.loadCheckpoint(JSON.parse(record!.train_data.checkpoint));
    const ds = await getDataset('iris', { split: { test: 0.3, seed: 7 } });
    for (const part of ['test', 'train'] as const) {
      const d = ds.part(part);
      const pred = await model.predict(d.X);
      let ok = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === d.classes[d.y[i]!]) ok++;
      const acc = eval_data.find((m) => m.metric_name === `${part}_accuracy`)!.metric_value;
      expect(acc).toBeCloseTo(ok / pred.length, 12);
      expect(acc).toBeGreaterThan(0.85);
    }
  });
});
