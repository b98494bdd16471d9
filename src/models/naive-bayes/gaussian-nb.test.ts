import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../core/errors.js';
import { GaussianNB } from './gaussian-nb.js';

interface Case {
  X: number[][];
  y: number[];
  Xq: number[][];
  params: { priors?: number[]; var_smoothing?: number };
  classes: number[];
  theta: number[];
  var: number[];
  classPrior: number[];
  epsilon: number;
  proba: number[];
  jll: number[];
  predict: number[];
}

const cases = JSON.parse(
  readFileSync(new URL('./fixtures/sklearn-gnb.json', import.meta.url), 'utf8'),
) as Record<string, Case>;

function paramsOf(c: Case): { priors?: Record<string, number>; varSmoothing?: number } {
  const out: { priors?: Record<string, number>; varSmoothing?: number } = {};
  if (c.params.priors)
    out.priors = Object.fromEntries(c.params.priors.map((p, i) => [String(c.classes[i]), p]));
  if (c.params.var_smoothing !== undefined) out.varSmoothing = c.params.var_smoothing;
  return out;
}

function expectClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tol: number,
  relative = false,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    const bound = relative ? tol * Math.max(1, Math.abs(e)) : tol;
    if (!(Math.abs((actual[i] as number) - e) <= bound)) {
      throw new Error(`index ${i}: ${actual[i]} vs scikit-learn ${e} (tolerance ${bound})`);
    }
  }
}

describe('GaussianNB vs scikit-learn 1.2.1', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: theta, var, epsilon, priors, joint log-likelihood, predict_proba, predict`, async () => {
      const model = await new GaussianNB(paramsOf(c)).fit(c.X, c.y);
      expect(model.classes).toEqual(c.classes);
      expectClose(model.theta!.data, c.theta, 1e-6);
      expectClose(model.var!.data, c.var, 1e-6, true);
      expect(model.epsilon).toBeCloseTo(c.epsilon, 15);
      expectClose(model.classPrior!, c.classPrior, 1e-12);
      expectClose((await model.jointLogLikelihood(c.Xq)).data, c.jll, 1e-6, true);
      expectClose((await model.predictProba(c.Xq)).data, c.proba, 1e-6);
      expect(await model.predict(c.Xq)).toEqual(c.predict);
    });
  }

  it('handles a zero-variance feature and a single-sample class with finite probabilities', async () => {
    const c = cases.degenerate as Case;
    const model = await new GaussianNB().fit(c.X, c.y);
    const single = c.classes.indexOf(3);
    const d = c.X[0]!.length;
    for (let j = 0; j < d; j++) expect(model.var!.data[single * d + j]).toBeCloseTo(model.epsilon, 20);
    const p = await model.predictProba(c.Xq);
    for (const v of p.data) expect(Number.isFinite(v)).toBe(true);
    // the single training sample of class 3 is predicted as class 3
    const last = c.X[c.X.length - 1] as number[];
    expect(await model.predict([last])).toEqual([3]);
  });

  it('stays finite when every feature is constant (scikit-learn divides by zero there)', async () => {
    const model = await new GaussianNB().fit(
      [
        [1, 2],
        [1, 2],
        [1, 2],
      ],
      ['a', 'b', 'b'],
    );
    const p = await model.predictProba([[1, 2]]);
    expect(p.data[0]).toBeCloseTo(1 / 3, 12);
    expect(p.data[1]).toBeCloseTo(2 / 3, 12);
  });
});

describe('GaussianNB parameters, checkpoints and devices', () => {
  const iris = cases.iris as Case;

  it('rejects priors that do not cover the classes or do not sum to 1', async () => {
    await expect(new GaussianNB({ priors: { 0: 0.5, 1: 0.5 } }).fit(iris.X, iris.y)).rejects.toThrow(
      ParamError,
    );
    await expect(new GaussianNB({ priors: { 0: 0.5, 1: 0.3, 2: 0.3 } }).fit(iris.X, iris.y)).rejects.toThrow(
      /priors/,
    );
    await expect(new GaussianNB({ priors: { 0: -0.5, 1: 1, 2: 0.5 } }).fit(iris.X, iris.y)).rejects.toThrow(
      /priors/,
    );
    await expect(new GaussianNB({ varSmoothing: -1 }).fit(iris.X, iris.y)).rejects.toThrow(/varSmoothing/);
  });

  it('round-trips a checkpoint to identical probabilities', async () => {
    const model = await new GaussianNB().fit(iris.X, iris.y);
    const back = GaussianNB.loadCheckpoint(JSON.stringify(model));
    expect((await back.predictProba(iris.X)).data).toEqual((await model.predictProba(iris.X)).data);
    expect(back.theta!.data).toEqual(model.theta!.data);
  });

  it('computes the same probabilities through backend ops on tfjs-cpu (float32)', async () => {
    const model = await new GaussianNB().fit(iris.X, iris.y);
    const cpu = await model.predictProba(iris.X);
    await model.changeComputeDevice('tfjs-cpu');
    expect(model.computeDevice).toBe('tfjs-cpu');
    const other = await model.predictProba(iris.X);
    expectClose(other.data, Array.from(cpu.data), 1e-3);
    expect(await model.predict(iris.X)).toEqual(iris.predict);
  });
});
