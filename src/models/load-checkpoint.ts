/**
 * THE registry of built-in model classes: checkpoints (`loadCheckpoint`) and the catalog
 * (src/catalog/builtins.ts) both read it, by each class's static `name` and `paramSpecs`, without
 * building a model.
 */
import { CheckpointError } from '../core/errors.js';
import type { ParamSpec } from '../core/params.js';
import type { Classifier } from './base.js';
import { parseCheckpoint } from './base.js';
import { RANDOM_FOREST_SPECS, RandomForestClassifier } from './forest/index.js';
import { LinearSVC } from './linear-svc/index.js';
import { LogisticRegression } from './logistic/index.js';
import { GaussianNB } from './naive-bayes/index.js';
import { SVC } from './svc/index.js';
import { DECISION_TREE_SPECS, DecisionTreeClassifier } from './tree/index.js';

/** The built-in model classes by checkpoint `model` name (the class's static `name`). */
export const MODEL_CLASSES = {
  SVC,
  LinearSVC,
  LogisticRegression,
  DecisionTreeClassifier,
  RandomForestClassifier,
  GaussianNB,
} as const;

export type ModelName = keyof typeof MODEL_CLASSES;

/** What the registry knows of a model class without building one. */
export interface ModelClassInfo {
  readonly name: ModelName;
  readonly paramSpecs: readonly ParamSpec[];
  readonly Ctor: (typeof MODEL_CLASSES)[ModelName];
}

// Trees and forests publish their tables as module constants (their classes may not carry the
// static `paramSpecs` yet); every other class carries it.
const SPECS: Record<ModelName, readonly ParamSpec[]> = {
  SVC: SVC.paramSpecs,
  LinearSVC: LinearSVC.paramSpecs,
  LogisticRegression: LogisticRegression.paramSpecs,
  DecisionTreeClassifier: DECISION_TREE_SPECS,
  RandomForestClassifier: RANDOM_FOREST_SPECS,
  GaussianNB: GaussianNB.paramSpecs,
};

/** Every built-in model class with its name and ParamSpec table, in catalog order. */
export function modelClasses(): ModelClassInfo[] {
  return (Object.keys(MODEL_CLASSES) as ModelName[]).map((name) => ({
    name,
    paramSpecs: SPECS[name],
    Ctor: MODEL_CLASSES[name],
  }));
}

/** The class registered under `name` (a checkpoint's `model`), or undefined. */
export function modelClass(name: string): ModelClassInfo | undefined {
  return Object.hasOwn(MODEL_CLASSES, name) ? modelClasses().find((m) => m.name === name) : undefined;
}

/**
 * Loads any built-in model's checkpoint, choosing the class from the checkpoint itself.
 *
 * @example
 * ```ts
 * import { GaussianNB, loadCheckpoint, loadIris } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.3, seed: 0 } });
 * const json = JSON.stringify((await new GaussianNB().fit(iris)).saveCheckpoint());
 * const model = loadCheckpoint(JSON.parse(json));
 * console.log(model.name, await model.predict(iris.transform([[5.1, 3.5, 1.4, 0.2]])));
 * ```
 */
export function loadCheckpoint(checkpoint: unknown): Classifier<object, unknown> {
  const ck = parseCheckpoint(checkpoint);
  const info = modelClass(ck.model);
  if (!info) {
    throw new CheckpointError(
      `no built-in model named '${ck.model}'; known: ${Object.keys(MODEL_CLASSES).join(', ')}`,
    );
  }
  const instance = new (info.Ctor as new () => Classifier<object, unknown>)();
  instance.restore(ck);
  return instance;
}
