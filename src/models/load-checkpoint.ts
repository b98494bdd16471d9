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

/** Loads any built-in model's checkpoint, choosing the class from the checkpoint itself. */
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
