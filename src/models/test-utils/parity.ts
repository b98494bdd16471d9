/**
 * Fits one of our models on a parity fixture with the fixture's hyper-parameters and compares it
 * with scikit-learn: test accuracy and the agreement rate of the predictions. Shared by
 * src/models/parity.test.ts and scripts/parity-report.ts.
 */
import type { Label } from '../../core/data.js';
import type { Classifier } from '../base.js';
import { loadEstimator } from './estimators.js';
import type { FixtureData, FixtureModel } from './fixtures.js';

/** Accuracy tolerance (fraction): 1 point, or 3 points on test sets under 500 rows. */
export function accuracyTolerance(nTest: number): number {
  return nTest < 500 ? 0.03 : 0.01;
}

/**
 * The scikit-learn accuracy to compare with: for randomized models (trees, forests) the mean over
 * the recorded seeds (one seed is one draw of the model's random choices), else the single value.
 */
export function referenceAccuracy(entry: FixtureModel): number {
  return entry.seedAccuracy?.mean ?? entry.accuracy;
}

/**
 * The accepted accuracy interval: the reference +- the tolerance, widened for randomized models to
 * the whole range scikit-learn itself reaches over the recorded seeds (a tree on Iris swings by
 * several test rows with the seed alone, as equally good splits are broken differently).
 */
export function acceptedInterval(entry: FixtureModel, nTest: number): [number, number] {
  const ref = referenceAccuracy(entry);
  const tol = accuracyTolerance(nTest);
  const s = entry.seedAccuracy;
  return [Math.min(ref - tol, s?.min ?? 1) - 1e-12, Math.max(ref + tol, s?.max ?? 0) + 1e-12];
}

export function accuracyWithin(r: ParityResult, entry: FixtureModel): boolean {
  const [lo, hi] = acceptedInterval(entry, r.nTest);
  return r.ours >= lo && r.ours <= hi;
}

/** Models whose predictions must agree with scikit-learn's on >= 99% of test rows. */
export const AGREEMENT_FAMILIES: ReadonlySet<string> = new Set([
  'LogisticRegression',
  'GaussianNB',
  'LinearSVC',
]);
export const MIN_AGREEMENT = 0.99;

export interface ParityResult {
  readonly dataset: string;
  readonly key: string;
  readonly family: string;
  readonly nTest: number;
  readonly ours: number;
  readonly sklearn: number;
  readonly reference: number;
  readonly tolerance: number;
  /** Fraction of test rows where our prediction equals scikit-learn's. */
  readonly agreement: number;
  readonly predictions: Label[];
  readonly model: Classifier<object, unknown>;
  readonly fitMs: number;
}

export function accuracy(yTrue: readonly Label[], yPred: readonly Label[]): number {
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ok / yTrue.length;
}

export async function runParity(data: FixtureData, entry: FixtureModel): Promise<ParityResult> {
  const Ctor = await loadEstimator(entry.family);
  const model = new Ctor(entry.params);
  const [Xtr, Xte] = entry.scaled ? [data.XtrainScaled, data.XtestScaled] : [data.Xtrain, data.Xtest];
  const t0 = performance.now();
  await model.fit(Xtr, data.yTrain);
  const fitMs = performance.now() - t0;
  const predictions = await model.predict(Xte);
  return {
    dataset: data.fixture.dataset,
    key: entry.key,
    family: entry.family,
    nTest: data.yTest.length,
    ours: accuracy(data.yTest, predictions),
    sklearn: entry.accuracy,
    reference: referenceAccuracy(entry),
    tolerance: accuracyTolerance(data.yTest.length),
    agreement: accuracy(entry.predictions, predictions),
    predictions,
    model,
    fitMs,
  };
}

/** One line a failing assertion can print: which model, which data set, ours vs sklearn. */
export function describeResult(r: ParityResult, entry: FixtureModel): string {
  const spread = entry.seedAccuracy
    ? ` (sklearn seed mean ${r.reference.toFixed(4)}, range [${entry.seedAccuracy.min.toFixed(4)}, ${entry.seedAccuracy.max.toFixed(4)}] over seeds ${entry.seedAccuracy.seeds.join(',')})`
    : '';
  const [lo, hi] = acceptedInterval(entry, r.nTest);
  return `${r.family} (${r.key}) on ${r.dataset}: ours ${r.ours.toFixed(4)} vs sklearn ${r.sklearn.toFixed(4)}${spread}, tolerance ${(r.tolerance * 100).toFixed(0)} pt -> accepted [${lo.toFixed(4)}, ${hi.toFixed(4)}], agreement ${(r.agreement * 100).toFixed(1)}% of ${r.nTest} test rows`;
}
