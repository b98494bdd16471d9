/**
 * Property: for random synthetic problems (2-4 classes, 2-6 features, integer labels, any seed) and
 * every model family, the exported graph run by onnxruntime-node gives our labels, and our
 * probabilities within 1e-5, on raw rows through the embedded scaler.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../datasets/dataset.js';
import { makeClassification } from '../datasets/make-classification.js';
import type { Classifier } from '../models/base.js';
import { RandomForestClassifier } from '../models/forest/index.js';
import { LinearSVC } from '../models/linear-svc/index.js';
import { LogisticRegression } from '../models/logistic/index.js';
import { GaussianNB } from '../models/naive-bayes/index.js';
import { SVC } from '../models/svc/index.js';
import { DecisionTreeClassifier } from '../models/tree/index.js';
import { toOnnx } from './export.js';
import { runOnnx } from './test-utils/ort.js';

type Model = Classifier<object, unknown>;
const FAMILIES: (() => Model)[] = [
  () => new LogisticRegression() as unknown as Model,
  () => new LinearSVC() as unknown as Model,
  () => new DecisionTreeClassifier({ seed: 1 }) as unknown as Model,
  () => new RandomForestClassifier({ nEstimators: 5, seed: 1 }) as unknown as Model,
  () => new GaussianNB() as unknown as Model,
  () => new SVC({ kernel: 'rbf', probability: true, seed: 1 }) as unknown as Model,
];

describe('toOnnx property', () => {
  it('onnxruntime agrees with every family on random problems', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: FAMILIES.length - 1 }),
        async (k, d, seed, family) => {
          const data = makeClassification({
            nSamples: 90,
            nFeatures: d,
            nInformative: Math.min(d, 2),
            nRedundant: 0,
            nClasses: k,
            nClustersPerClass: 1,
            seed,
          });
          const ds = new Dataset({ name: 'p', scaler: 'standard' })
            .setData({ X: data.X, y: data.y, classes: data.classes, featureNames: [] })
            .split({ test: 0.3, seed });
          const model = FAMILIES[family]!();
          await model.fit(ds);
          const raw = ds.scaler!.inverseTransform(ds.part('test').X);
          const X = ds.transform(raw);
          const got = await runOnnx(toOnnx(model, { scaler: ds.scaler!.affine() }), raw);
          expect(got.labels).toEqual(await model.predict(X));
          const p = await model.predictProba(X);
          for (let i = 0; i < p.data.length; i++) {
            expect(Math.abs((p.data[i] as number) - (got.probabilities![i] as number))).toBeLessThanOrEqual(
              1e-5,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
