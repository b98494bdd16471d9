/**
 * The catalog publishes the new LogisticRegression / LinearSVC parameters and values (from the
 * ParamSpec tables), lists scikit-learn's solvers as learning algorithms next to the existing
 * names, and a catalog fit with learning algorithm 'saga' / 'liblinear' trains the same model as
 * the estimator API.
 */
import { describe, expect, it } from 'vitest';
import { builtinModels } from '../../catalog/builtins.js';
import type { DatasetLike } from '../../core/data.js';
import { toMatrix } from '../../core/matrix.js';
import type { Classifier } from '../base.js';
import fixture from './fixtures/solvers-sklearn.json' with { type: 'json' };
import { LogisticRegression } from './index.js';

const { X, y } = (fixture.datasets as Record<string, { X: number[][]; y: number[] }>).iris as {
  X: number[][];
  y: number[];
};
const iris: DatasetLike = {
  isDataset: true,
  name: 'iris-scaled',
  part: () => ({ X: toMatrix(X), y: Int32Array.from(y), classes: [0, 1, 2], featureNames: [] }),
};

const entry = (name: string) => builtinModels().find((m) => m.name === name)!;
const spec = (name: string, param: string) => entry(name).paramSpecs.find((p) => p.name === param);

describe('catalog: LogisticRegression and LinearSVC options', () => {
  it('publishes the new parameters and values', () => {
    expect(spec('LogisticRegression', 'penalty')?.options).toEqual(['l2', 'l1', 'elasticnet', 'none']);
    expect(spec('LogisticRegression', 'penalty')?.nullable).toBe(true);
    expect(spec('LogisticRegression', 'solver')?.options).toEqual(
      expect.arrayContaining([
        'lbfgs',
        'liblinear',
        'newton-cg',
        'newton-cholesky',
        'sag',
        'saga',
        'sgd',
        'adam',
      ]),
    );
    for (const p of ['l1Ratio', 'dual', 'interceptScaling', 'warmStart']) {
      expect(spec('LogisticRegression', p), p).toBeDefined();
    }
    expect(spec('LinearSVC', 'penalty')?.options).toEqual(['l2', 'l1']);
    expect(spec('LinearSVC', 'multiClass')?.options).toEqual(['ovr', 'crammer_singer']);
  });

  it("lists scikit-learn's solvers as learning algorithms and keeps the existing ones", () => {
    const algos = entry('LogisticRegression').learning.map((l) => `${l.loss}/${l.learningAlgorithm}`);
    for (const a of [
      'lbfgs',
      'liblinear',
      'newton-cg',
      'newton-cholesky',
      'sag',
      'saga',
      'sgd',
      'momentum',
      'adam',
    ]) {
      expect(algos).toContain(`cross_entropy/${a}`);
    }
    const saga = entry('LogisticRegression').learning.find((l) => l.learningAlgorithm === 'saga')!;
    expect(saga.hyperparams.map((p) => p.name).sort()).toEqual(['maxIter', 'seed', 'tol']);
  });

  it.each([
    ['saga', { penalty: 'l1', C: 0.5 }],
    ['liblinear', { penalty: 'l1', C: 0.5 }],
    ['newton-cg', {}],
    ['lbfgs', {}],
  ] as const)(
    'a catalog fit with learning algorithm %s trains the estimator-API model',
    async (algo, params) => {
      const e = entry('LogisticRegression');
      const choice = { loss: 'cross_entropy', learningAlgorithm: algo, params: { tol: 1e-8, maxIter: 5000 } };
      const model = e.create(params, choice) as Classifier<object, unknown>;
      await e.fit!(model, iris, choice);
      const direct = new LogisticRegression({ ...params, solver: algo, tol: 1e-8, maxIter: 5000 });
      await direct.fit(X, y);
      expect((model as unknown as LogisticRegression).coef).toEqual(direct.coef);
    },
  );
});
