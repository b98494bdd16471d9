/**
 * Every estimator the parity and conformance suites run on: its family name (the fixture's
 * `family`), how to load its class, and small fast hyper-parameters for the conformance checks.
 */
import type { Classifier } from '../base.js';

export type AnyClassifier = Classifier<object, unknown>;

/** A model class: `new Ctor(params)` plus the static checkpoint loader. */
export interface ClassifierCtor {
  new (params?: Record<string, unknown>): AnyClassifier;
  loadCheckpoint(checkpoint: unknown): AnyClassifier;
}

export interface EstimatorEntry {
  /** Class name, as the fixtures' `family`. */
  readonly family: string;
  readonly load: () => Promise<ClassifierCtor>;
  /** Params for the conformance suite (small and fast; seeded where the model is randomized). */
  readonly quickParams: Record<string, unknown>;
}

const asCtor = (c: unknown): ClassifierCtor => c as ClassifierCtor;

export const ESTIMATORS: readonly EstimatorEntry[] = [
  {
    family: 'SVC',
    load: async () => asCtor((await import('../svc/index.js')).SVC),
    quickParams: { kernel: 'rbf', C: 1, probability: true, seed: 3 },
  },
  {
    family: 'LinearSVC',
    load: async () => asCtor((await import('../linear-svc/index.js')).LinearSVC),
    quickParams: { C: 1 },
  },
  {
    family: 'LogisticRegression',
    load: async () => asCtor((await import('../logistic/index.js')).LogisticRegression),
    quickParams: { C: 1 },
  },
  {
    family: 'DecisionTreeClassifier',
    load: async () => asCtor((await import('../tree/index.js')).DecisionTreeClassifier),
    quickParams: { seed: 3 },
  },
  {
    family: 'RandomForestClassifier',
    load: async () => asCtor((await import('../forest/index.js')).RandomForestClassifier),
    quickParams: { nEstimators: 10, seed: 3 },
  },
  {
    family: 'GaussianNB',
    load: async () => asCtor((await import('../naive-bayes/index.js')).GaussianNB),
    quickParams: {},
  },
];

export async function loadEstimator(family: string): Promise<ClassifierCtor> {
  const entry = ESTIMATORS.find((e) => e.family === family);
  if (!entry) throw new Error(`no estimator registered for family '${family}'`);
  return entry.load();
}
