/**
 * Training progress: every model reports through the fit logger with fractions in [0, 1] that never
 * decrease and end at 1, and never more than about 100 reports per fit.
 */
import { describe, expect, it } from 'vitest';
import type { Classifier, TrainingEvent } from './base.js';
import {
  DecisionTreeClassifier,
  GaussianNB,
  LinearSVC,
  LogisticRegression,
  RandomForestClassifier,
  SVC,
} from './index.js';
import { makeBlobs } from './test-utils/blobs.js';

async function fitLogged(
  model: Classifier<object, unknown>,
  nClasses = 3,
  perClass = 40,
): Promise<TrainingEvent[]> {
  const { X, y } = makeBlobs({ perClass, nClasses, nFeatures: 4, separation: 1.5, seed: 3 });
  const events: TrainingEvent[] = [];
  await model.fit(X, y, { onProgress: (e) => events.push(e) });
  return events;
}

function checkFractions(events: readonly TrainingEvent[]): number[] {
  const fr = events.filter((e) => e.fraction !== undefined).map((e) => e.fraction as number);
  expect(fr.length).toBeGreaterThan(0);
  expect(events.length).toBeLessThanOrEqual(110);
  for (const f of fr) {
    expect(f).toBeGreaterThanOrEqual(0);
    expect(f).toBeLessThanOrEqual(1);
  }
  for (let i = 1; i < fr.length; i++) expect(fr[i]).toBeGreaterThanOrEqual(fr[i - 1] as number);
  expect(fr[fr.length - 1]).toBe(1);
  for (const e of events) expect(Number.isInteger(e.iteration)).toBe(true);
  return fr;
}

describe('fit progress reports', () => {
  it('RandomForest: one report per tree, in this thread', async () => {
    const fr = checkFractions(await fitLogged(new RandomForestClassifier({ nEstimators: 12, nJobs: 1 })));
    expect(fr).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) / 12));
  });

  it('RandomForest: trees grown on worker threads are reported as they finish', async () => {
    const events = await fitLogged(new RandomForestClassifier({ nEstimators: 10, nJobs: 2 }));
    const fr = checkFractions(events);
    expect(fr).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) / 10));
    expect(events.every((e) => e.total === 10)).toBe(true);
  });

  it('RandomForest: many trees give at most ~100 reports', async () => {
    const events = await fitLogged(
      new RandomForestClassifier({ nEstimators: 250, nJobs: 1, maxDepth: 2 }),
      2,
      10,
    );
    const fr = checkFractions(events);
    expect(fr.length).toBe(Math.ceil(250 / 3));
  });

  it('LogisticRegression (lbfgs, multinomial): per-iteration loss, ends at 1', async () => {
    const events = await fitLogged(new LogisticRegression({ maxIter: 50 }));
    checkFractions(events);
    const withLoss = events.filter((e) => e.loss !== undefined);
    expect(withLoss.length).toBeGreaterThan(1);
    for (const e of withLoss) expect(e.fraction).toBeCloseTo(e.iteration / 50, 12);
  });

  it('LogisticRegression (ovr): fractions advance over the per-class problems', async () => {
    const events = await fitLogged(new LogisticRegression({ multiClass: 'ovr', maxIter: 30 }));
    const fr = checkFractions(events);
    // the second and third problems start at 1/3 and 2/3
    expect(fr.some((f) => f > 1 / 3 && f < 2 / 3)).toBe(true);
    expect(fr.some((f) => f > 2 / 3 && f < 1)).toBe(true);
  });

  it('LogisticRegression (sgd): one report per epoch', async () => {
    const events = await fitLogged(new LogisticRegression({ solver: 'sgd', maxIter: 20, tol: 0 }));
    const fr = checkFractions(events);
    expect(fr.length).toBe(20); // one per epoch, the last one at fraction 1 (no repeat)
  });

  it('LinearSVC (dual cd, one-vs-rest): per-class reports', async () => {
    const fr = checkFractions(await fitLogged(new LinearSVC({ maxIter: 200 })));
    expect(fr).toContain(1 / 3);
    expect(fr).toContain(2 / 3);
  });

  it('LinearSVC (primal, binary) and (sgd)', async () => {
    checkFractions(await fitLogged(new LinearSVC({ dual: false }), 2));
    const sgd = await fitLogged(new LinearSVC({ solver: 'sgd', maxIter: 30, tol: 1e-300 }), 2);
    checkFractions(sgd);
    expect(sgd.filter((e) => e.loss !== undefined).length).toBe(29);
  });

  it('SVC: one report per one-vs-one pair, also on worker threads', async () => {
    const seq = checkFractions(await fitLogged(new SVC({ nJobs: 1 }), 4));
    expect(seq).toEqual([1, 2, 3, 4, 5, 6].map((d) => d / 6));
    const par = checkFractions(await fitLogged(new SVC({ nJobs: 2 }), 4));
    expect(par).toEqual([1, 2, 3, 4, 5, 6].map((d) => d / 6));
  });

  it('DecisionTree and GaussianNB report completion', async () => {
    expect(checkFractions(await fitLogged(new DecisionTreeClassifier()))).toEqual([1]);
    expect(checkFractions(await fitLogged(new GaussianNB()))).toEqual([1]);
  });

  it('a fit without a logger still works', async () => {
    const { X, y } = makeBlobs({ perClass: 10 });
    await expect(new RandomForestClassifier({ nEstimators: 3 }).fit(X, y)).resolves.toBeDefined();
  });
});
