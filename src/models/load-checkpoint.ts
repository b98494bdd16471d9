import { CheckpointError } from '../core/errors.js';
import type { Classifier } from './base.js';
import { parseCheckpoint } from './base.js';
import { RandomForestClassifier } from './forest/index.js';
import { LinearSVC } from './linear-svc/index.js';
import { LogisticRegression } from './logistic/index.js';
import { GaussianNB } from './naive-bayes/index.js';
import { SVC } from './svc/index.js';
import { DecisionTreeClassifier } from './tree/index.js';

/** The built-in model classes by checkpoint `model` name. */
export const MODEL_CLASSES = {
  SVC,
  LinearSVC,
  LogisticRegression,
  DecisionTreeClassifier,
  RandomForestClassifier,
  GaussianNB,
} as const;

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
  const instance = Object.values(MODEL_CLASSES)
    .map((C) => new C())
    .find((m) => m.name === ck.model);
  if (!instance) {
    throw new CheckpointError(
      `no built-in model named '${ck.model}'; known: ${Object.values(MODEL_CLASSES)
        .map((C) => new C().name)
        .join(', ')}`,
    );
  }
  instance.restore(ck);
  return instance as unknown as Classifier<object, unknown>;
}
