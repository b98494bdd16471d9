/**
 * Uploads with imputation and encoding: the options are checked with typed errors, the steps are
 * fitted on the training part only (checked against the statistics computed by hand), they travel
 * in the checkpoint, and a prediction on raw rows (category strings, empty cells) gives exactly the
 * training-time evaluation's answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../catalog/builtins.js';
import { Registry } from '../catalog/registry.js';
import { CsvError } from '../core/errors.js';
import { OnnxExportError } from '../onnx/errors.js';
import { inputStepsForOnnx } from '../onnx/input-steps.js';
import { runTrainJob } from './jobs.js';
import type { CardedCheckpoint } from './model-card.js';
import { modelInputs, predictJobRows, runPredictJob } from './predict.js';
import { PreparedDataset } from './prepared-dataset.js';
import { DatasetUploadError, type UploadOptions, UserDatasets } from './user-datasets.js';

/** 120 rows: a, b (numbers, b with empty cells), color (text, with empty cells), label yes/no. */
function mixedCsv(): string {
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const lines = ['a,b,color,label'];
  for (let i = 0; i < 120; i++) {
    const yes = i % 2 === 0;
    const a = ((yes ? 1 : -1) + rnd() * 1.5).toFixed(3);
    const b = i % 7 === 3 ? '' : (rnd() * 10 + (yes ? 2 : 0)).toFixed(2);
    const colors = yes ? ['red', 'red', 'green'] : ['blue', 'green', 'blue'];
    const color = i % 11 === 5 ? '' : colors[Math.floor(rnd() * 3)]!;
    lines.push(`${a},${b},${color},${yes ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

let dir: string;
let store: UserDatasets;
const registry = registerBuiltins(new Registry());
const csv = mixedCsv();
let n = 0;

function upload(o: Partial<UploadOptions>) {
  const file = join(dir, `up-${n++}.csv`);
  writeFileSync(file, csv);
  return store.add(file, { name: `mixed${n}`, label: 'label', owner: 'u1', ...o });
}

async function refusal(o: Partial<UploadOptions>): Promise<Error> {
  try {
    await upload(o);
  } catch (e) {
    return e as Error;
  }
  throw new Error('the upload was accepted');
}

describe('upload options: imputation and encoding', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'al-user-ds-'));
    store = await UserDatasets.open(dir, registry);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the line-and-column CSV errors when nothing is chosen', async () => {
    const e = await refusal({});
    expect(e).toBeInstanceOf(CsvError);
    // the first bad cell: line 2 holds 'red' in column 3 (color) before line 5's empty b
    expect((e as CsvError).line).toBe(2);
    expect((e as CsvError).column).toBe(3);
    const missing = await refusal({ encode: 'onehot' });
    expect(missing).toBeInstanceOf(CsvError);
    expect(missing.message).toMatch(/empty cell/);
    expect((missing as CsvError).line).toBe(5); // row index 3: b is empty
    expect((missing as CsvError).column).toBe(2);
  });

  it('refuses bad options by name with typed errors', async () => {
    const cases: [Partial<UploadOptions>, RegExp][] = [
      [{ impute: 'mode', encode: 'onehot' }, /imputation 'mode' is not allowed; choose one of none, mean/],
      [{ impute: 'median', encode: 'ordinal' }, /encoding 'ordinal' is not supported.*OneHotEncoder/],
      [{ impute: 'median', encode: 'label' }, /encoding 'label' is not allowed/],
      [{ impute: 'median', columns: { a: { encode: 'onehot' } } }, /column 'a', which holds numbers/],
      [
        { impute: 'median', encode: 'onehot', columns: { size: { impute: 'mean' } } },
        /unknown column 'size'/,
      ],
      [
        { impute: 'median', encode: 'onehot', columns: { label: { impute: 'mean' } } },
        /'label' is the label column/,
      ],
      [{ impute: 'mean', encode: 'onehot' }, /imputation 'mean' for column 'color' needs numbers/],
      [
        { impute: 'median', columns: { color: { impute: 'most_frequent' } } },
        /column 'color' holds text; choose an encoding/,
      ],
      [
        { impute: 'constant', fillValue: 'zero', encode: 'onehot' },
        /fill value "zero" for the numeric column 'b'/,
      ],
    ];
    for (const [o, re] of cases) {
      const e = await refusal(o);
      expect(e, JSON.stringify(o)).toBeInstanceOf(DatasetUploadError);
      expect((e as DatasetUploadError).status).toBe(400);
      expect(e.message).toMatch(re);
    }
  });

  it('fits the steps on the training part only and lists them', async () => {
    const meta = await upload({
      impute: 'median',
      encode: 'onehot',
      columns: { color: { impute: 'most_frequent' } },
      scaling: 'standard',
    });
    expect(meta.columns).toEqual([
      { name: 'a', kind: 'number', missing: 0, impute: null, fillValue: null, encode: null },
      { name: 'b', kind: 'number', missing: 17, impute: 'median', fillValue: null, encode: null },
      {
        name: 'color',
        kind: 'text',
        missing: 11,
        impute: 'most_frequent',
        fillValue: null,
        encode: 'onehot',
      },
    ]);
    const entry = registry.dataset(meta.name, 'classification')!;
    expect(entry.preProcessing.map((s) => s.computation)).toEqual([
      expect.stringMatching(/^label encoding/),
      expect.stringMatching(/split/),
      'imputation of empty cells (SimpleImputer): b (median), color (most_frequent), fitted on the training part and applied to every part',
      expect.stringMatching(/^one-hot encoding \(OneHotEncoder\) of color/),
      'standard scaling of the numeric columns, fitted on the training part and applied to every part',
    ]);
    const ds = (await entry.load({ test: 0.25, seed: 4 })) as PreparedDataset;
    expect(ds).toBeInstanceOf(PreparedDataset);
    expect(ds.featureNames).toEqual(['a', 'b', 'color_blue', 'color_green', 'color_red']);

    // the reference, by hand from the training rows of the file
    const rows = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const train = Array.from(ds.splitIndices().train, (i) => rows[i]!);
    const nums = (j: number) =>
      train
        .map((r) => r[j]!)
        .filter((v) => v !== '')
        .map(Number);
    const bTrain = nums(1).sort((x, y) => x - y);
    const h = bTrain.length >> 1;
    const median = bTrain.length % 2 ? bTrain[h]! : (bTrain[h - 1]! + bTrain[h]!) / 2;
    const counts = new Map<string, number>();
    for (const r of train) if (r[2] !== '') counts.set(r[2]!, (counts.get(r[2]!) ?? 0) + 1);
    const mode = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
    const filledB = train.map((r) => (r[1] === '' ? median : Number(r[1])));
    const stats = (v: number[]) => {
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      return { m, sd: Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length) };
    };
    const sa = stats(nums(0));
    const sb = stats(filledB);
    const all = ds.part('all');
    rows.forEach((r, i) => {
      const color = r[2] === '' ? mode : r[2];
      const b = r[1] === '' ? median : Number(r[1]);
      const want = [
        (Number(r[0]) - sa.m) / sa.sd,
        (b - sb.m) / sb.sd,
        color === 'blue' ? 1 : 0,
        color === 'green' ? 1 : 0,
        color === 'red' ? 1 : 0,
      ];
      const got = Array.from(all.X.data.subarray(i * 5, i * 5 + 5));
      for (const [j, g] of got.entries()) expect(g).toBeCloseTo(want[j]!, 10);
    });
  });

  it('stores the fitted steps in the checkpoint: predict on raw rows equals the evaluation', async () => {
    const meta = await upload({
      impute: 'median',
      encode: 'onehot',
      columns: { color: { impute: 'constant' } },
    });
    const source = registry.dataset(meta.name, 'classification')!.source!;
    const ref = { name: meta.name, task: 'classification', splitTest: 0.3, splitSeed: 2, source };
    const { checkpoint } = await runTrainJob(registry, {
      kind: 'train',
      dataset: ref,
      model: { name: 'LogisticRegression', task: 'classification', params: {} },
      learning: { loss: 'cross_entropy', learningAlgorithm: 'lbfgs', params: {} },
    });
    const ck = JSON.parse(checkpoint) as CardedCheckpoint;
    expect(ck.preprocessing?.feature_names).toEqual(['a', 'b', 'color']);
    expect(ck.preprocessing?.steps?.text_columns).toEqual(['color']);
    expect(ck.preprocessing?.steps?.feature_names_out).toEqual([
      'a',
      'b',
      'color_blue',
      'color_green',
      'color_missing_value',
      'color_red',
    ]);
    expect(ck.card?.dataset.feature_names).toHaveLength(ck.nFeatures);

    // the test part's raw rows, as JSON objects with strings and nulls, and as CSV with empty cells
    const ds = (await registry
      .dataset(meta.name, 'classification')!
      .load({ test: 0.3, seed: 2 })) as PreparedDataset;
    const lines = csv.trim().split('\n');
    const test = Array.from(ds.splitIndices().test, (i) => lines[i + 1]!.split(','));
    const objects = test.map((r) => ({
      a: Number(r[0]),
      b: r[1] === '' ? null : Number(r[1]),
      color: r[2] || null,
    }));
    const inputs = modelInputs(ck);
    const job = (rows: unknown) => ({
      kind: 'predict' as const,
      key: `k${n++}`,
      checkpoint,
      ...predictJobRows(rows, inputs),
    });
    const fromJson = await runPredictJob(job({ rows: objects }));
    const fromCsv = await runPredictJob(job(['a,b,color,label', ...test.map((r) => r.join(','))].join('\n')));

    const { loadCheckpoint } = await import('../models/load-checkpoint.js');
    const model = loadCheckpoint(ck);
    const evaluated = await model.predict(ds.part('test').X);
    expect(fromJson.labels).toEqual(evaluated);
    expect(fromCsv.labels).toEqual(evaluated);
    const proba = await model.predictProba(ds.part('test').X);
    for (const [k, p] of fromJson.probabilities!.flat().entries()) expect(p).toBeCloseTo(proba.data[k]!, 12);
    const truth = test.map((r) => r[3]);
    const acc = evaluated.filter((l, i) => l === truth[i]).length / truth.length;
    expect(ck.card?.metrics.test.accuracy).toBeCloseTo(acc, 12);
    expect(acc).toBeGreaterThan(0.7);

    // an unseen category is all zeros (handleUnknown 'ignore'), a wrong type is refused
    const unseen = await runPredictJob(job({ rows: [{ a: 1, b: '', color: 'purple' }] }));
    expect(unseen.labels).toHaveLength(1);
    expect(() => predictJobRows({ rows: [{ a: 'x', b: 1, color: 'red' }] }, inputs)).toThrow(
      /'a': "x" is not a finite number/,
    );

    expect(() => predictJobRows({ rows: [{ a: null, b: 1, color: 'red' }] }, inputs)).toThrow(
      /'a' is empty, and the model has no imputation for it/,
    );

    expect(() => inputStepsForOnnx(ck.model, ck.preprocessing!.steps!)).toThrow(OnnxExportError);
    expect(() => inputStepsForOnnx(ck.model, ck.preprocessing!.steps!)).toThrow(
      /step OneHotEncoder on column 'color' has no ONNX exporter/,
    );
  });
});
