/**
 * ONNX export verified by onnxruntime-node: for every model (and every SVC kernel, with and without
 * probabilities) on Iris, Height-Weight and a synthetic 3-class set, onnxruntime's labels equal ours
 * and its probabilities agree within 1e-5. The exported graph embeds the dataset's scaler, so
 * onnxruntime gets the raw rows and our model the rows scaled by the Dataset.
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../core/matrix.js';
import { Dataset } from '../datasets/dataset.js';
import { loadHeightWeight } from '../datasets/height-weight.js';
import { loadIris } from '../datasets/iris.js';
import { makeClassification } from '../datasets/make-classification.js';
import type { Classifier } from '../models/base.js';
import { RandomForestClassifier } from '../models/forest/index.js';
import { LinearSVC } from '../models/linear-svc/index.js';
import { LogisticRegression } from '../models/logistic/index.js';
import { GaussianNB } from '../models/naive-bayes/index.js';
import { SVC } from '../models/svc/index.js';
import { findSharedFile } from '../models/test-utils/fixtures.js';
import { DecisionTreeClassifier } from '../models/tree/index.js';
import { OnnxExportError } from './errors.js';
import { toOnnx } from './export.js';
import { decodeModel } from './graph.js';
import { runOnnx } from './test-utils/ort.js';

type Model = Classifier<object, unknown>;

const MODELS: Record<string, () => Model> = {
  'SVC linear': () => new SVC({ kernel: 'linear' }) as unknown as Model,
  'SVC poly': () => new SVC({ kernel: 'poly', degree: 3, coef0: 1 }) as unknown as Model,
  'SVC rbf': () => new SVC({ kernel: 'rbf' }) as unknown as Model,
  'SVC sigmoid': () => new SVC({ kernel: 'sigmoid', gamma: 0.05, coef0: 0 }) as unknown as Model,
  'SVC linear proba': () => new SVC({ kernel: 'linear', probability: true, seed: 1 }) as unknown as Model,
  'SVC poly proba': () =>
    new SVC({ kernel: 'poly', degree: 3, coef0: 1, probability: true, seed: 1 }) as unknown as Model,
  'SVC rbf proba': () => new SVC({ kernel: 'rbf', probability: true, seed: 1 }) as unknown as Model,
  'SVC sigmoid proba': () =>
    new SVC({ kernel: 'sigmoid', gamma: 0.05, coef0: 0, probability: true, seed: 1 }) as unknown as Model,
  LinearSVC: () => new LinearSVC() as unknown as Model,
  'LogisticRegression multinomial': () => new LogisticRegression() as unknown as Model,
  'LogisticRegression ovr': () => new LogisticRegression({ multiClass: 'ovr' }) as unknown as Model,
  DecisionTree: () => new DecisionTreeClassifier({ seed: 0 }) as unknown as Model,
  RandomForest: () => new RandomForestClassifier({ nEstimators: 15, seed: 0 }) as unknown as Model,
  GaussianNB: () => new GaussianNB() as unknown as Model,
};

const HW = findSharedFile('height_weight.csv');

const DATASETS: Record<string, () => Promise<Dataset>> = {
  iris: async () => loadIris({ split: { test: 0.3, seed: 2 } }),
  synthetic: async () => {
    const d = makeClassification({ nSamples: 240, nFeatures: 5, nInformative: 3, nClasses: 3, seed: 7 });
    return new Dataset({ name: 'synthetic', scaler: 'standard' })
      .setData({ X: d.X, y: d.y, classes: d.classes, featureNames: [] })
      .split({ test: 0.3, seed: 1 });
  },
  ...(HW
    ? {
        height_weight: async () =>
          loadHeightWeight({
            repoDir: HW.replace(/\/height_weight\.csv$/, ''),
            split: { test: 0.8, seed: 4 },
          }),
      }
    : {}),
};

/** The raw rows of a scaled part, rounded to float32 (so that a float input loses nothing). */
function rawRows(ds: Dataset, part: 'train' | 'test'): Matrix {
  const raw = ds.scaler!.inverseTransform(ds.part(part).X);
  return { rows: raw.rows, cols: raw.cols, data: Float64Array.from(raw.data, Math.fround) };
}

describe('toOnnx verified by onnxruntime-node', () => {
  for (const [dsName, load] of Object.entries(DATASETS)) {
    describe(dsName, () => {
      for (const [name, make] of Object.entries(MODELS)) {
        it(`${name}: same labels, probabilities within 1e-5`, async () => {
          const ds = await load();
          const model = make();
          await model.fit(ds);
          for (const [part, inputType] of [
            ['test', 'double'],
            ['test', 'float'],
            ['train', 'double'],
          ] as const) {
            const bytes = toOnnx(model, { scaler: ds.scaler!.affine(), zipMap: true, inputType });
            const raw = rawRows(ds, part);
            const scaled = ds.transform(raw);
            const ours = await model.predict(scaled);
            const got = await runOnnx(bytes, raw, inputType);
            if (name === 'RandomForest') {
              // TreeEnsembleClassifier sums the trees' votes in float32: where our (float64, scikit-
              // learn's arithmetic) class probabilities differ by less than float32 can show, its
              // argmax may pick the other class. Any other difference is a failure.
              const p = await model.predictProba(scaled);
              const K = p.cols;
              const off: number[] = [];
              ours.forEach((l, i) => {
                if (l === got.labels[i]) return;
                const row = Array.from(p.data.subarray(i * K, (i + 1) * K)).sort((a, b) => b - a);
                expect(row[0]! - row[1]!, `row ${i}: not a float32 tie`).toBeLessThan(1e-6);
                off.push(i);
              });
              expect(off.length).toBeLessThanOrEqual(Math.ceil(0.005 * ours.length));
            } else expect(got.labels).toEqual(ours);
            const hasProba = !name.startsWith('SVC') || name.endsWith('proba');
            if (hasProba) {
              const p = await model.predictProba(scaled);
              expect(got.probabilities).not.toBeNull();
              let worst = 0;
              for (let i = 0; i < p.data.length; i++) {
                worst = Math.max(worst, Math.abs((p.data[i] as number) - (got.probabilities![i] as number)));
              }
              expect(worst).toBeLessThanOrEqual(1e-5);
            } else {
              expect(got.scores).not.toBeNull();
            }
          }
        }, 60_000);
      }
    });
  }
});

describe('toOnnx graph', () => {
  it('uses the ONNX-ML operators and embeds the scaler', async () => {
    const ds = await DATASETS.iris!();
    const m = await new LogisticRegression({ multiClass: 'ovr' }).fit(ds);
    const g = decodeModel(toOnnx(m, { scaler: ds.scaler!.affine(), zipMap: true })).graph!;
    expect((g.node ?? []).map((n) => n.opType)).toEqual(
      expect.arrayContaining(['Scaler', 'LinearClassifier', 'Normalizer', 'ZipMap']),
    );
    expect((g.output ?? []).map((o) => o.name)).toEqual(['label', 'probabilities', 'output_probability']);
  });

  it('rejects a precomputed-kernel SVC with a typed error', async () => {
    const X = [
      [2, 1],
      [1, 2],
    ];
    const m = await new SVC({ kernel: 'precomputed' }).fit(X, [0, 1]);
    expect(() => toOnnx(m)).toThrow(OnnxExportError);
  });
});
