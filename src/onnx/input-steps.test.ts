/**
 * A model trained on an upload with numeric imputation exports to ONNX with its imputer and scaler:
 * onnxruntime on the raw rows (NaN for an empty cell) gives the platform's predictions on the same
 * rows (null cells); a one-hot encoded upload is refused by name (user-datasets.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';
import { runTrainJob } from '../services/jobs.js';
import type { CardedCheckpoint } from '../services/model-card.js';
import { modelInputs, predictJobRows, runPredictJob } from '../services/predict.js';
import { UserDatasets } from '../services/user-datasets.js';
import { toOnnx } from './export.js';
import { inputStepsForOnnx } from './input-steps.js';
import { runOnnx } from './test-utils/ort.js';

const dir = mkdtempSync(join(tmpdir(), 'al-onnx-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 150 rows of three numeric columns, u and v with empty cells, three classes. */
function csv(): { text: string; rows: (number | null)[][] } {
  const rows: (number | null)[][] = [];
  const lines = ['u,v,w,kind'];
  for (let i = 0; i < 150; i++) {
    const k = i % 3;
    const u = i % 8 === 1 ? null : k * 2 + Math.sin(i) * 1.2;
    const v = i % 6 === 4 ? null : k - Math.cos(i * 1.7) * 1.1;
    const w = Math.sin(i * 0.3) * 3;
    rows.push([u, v, w]);
    lines.push(`${[u, v, w].map((x) => (x === null ? '' : x.toFixed(4))).join(',')},c${k}`);
  }
  return {
    text: `${lines.join('\n')}\n`,
    rows: rows.map((r) => r.map((x) => (x === null ? null : Number(x.toFixed(4))))),
  };
}

describe('ONNX export of an upload with numeric imputation', () => {
  for (const [model, loss, algorithm] of [
    ['LogisticRegression', 'cross_entropy', 'lbfgs'],
    ['DecisionTreeClassifier', 'gini', 'cart'],
    ['GaussianNB', 'negative_log_likelihood', 'maximum_likelihood'],
  ] as const) {
    it(`${model}: onnxruntime on raw rows with NaN = the platform's predict on rows with empty cells`, async () => {
      const registry = registerBuiltins(new Registry());
      const store = await UserDatasets.open(join(dir, model), registry);
      const data = csv();
      const file = join(dir, `${model}.csv`);
      writeFileSync(file, data.text);
      const meta = await store.add(file, {
        name: 'gaps',
        label: 'kind',
        impute: 'median',
        columns: { v: { impute: 'constant' } },
        fillValue: '0.5',
        scaling: 'standard',
        owner: 'u',
      });
      expect(meta.columns?.map((c) => c.impute)).toEqual(['median', 'constant', null]);
      const source = registry.dataset('gaps', 'classification')!.source!;
      const { checkpoint } = await runTrainJob(registry, {
        kind: 'train',
        dataset: { name: 'gaps', task: 'classification', splitTest: 0.3, splitSeed: 1, source },
        model: { name: model, task: 'classification', params: {} },
        learning: { loss, learningAlgorithm: algorithm, params: {} },
      });
      const ck = JSON.parse(checkpoint) as CardedCheckpoint;
      const steps = inputStepsForOnnx(ck.model, ck.preprocessing!.steps!);
      expect(steps.impute[1]).toBe(0.5);
      expect(steps.impute[2]).toBeNaN();
      const bytes = toOnnx(ck, { ...steps, featureNames: ck.preprocessing!.feature_names });

      const X = {
        rows: data.rows.length,
        cols: 3,
        data: Float64Array.from(data.rows.flat(), (x) => x ?? Number.NaN),
      };
      const onnx = await runOnnx(bytes, X);
      const job = {
        kind: 'predict' as const,
        key: `onnx-${model}`,
        checkpoint,
        ...predictJobRows({ rows: data.rows.map(([u, v, w]) => ({ u, v, w })) }, modelInputs(ck)),
      };
      const ours = await runPredictJob(job);
      expect(onnx.labels).toEqual(ours.labels);
      const p = ours.probabilities!.flat();
      expect(onnx.probabilities!.length).toBe(p.length);
      for (let i = 0; i < p.length; i++) expect(Math.abs(onnx.probabilities![i]! - p[i]!)).toBeLessThan(1e-5);
    });
  }
});
