import { AutolearnError, safeString } from '../core/errors.js';

/** Registering a duplicate or malformed model, dataset or metric. */
export class CatalogError extends AutolearnError {
  constructor(message: string) {
    super('E_CATALOG', message);
  }
}

/** One failed check of a training request. */
export interface Violation {
  /** Which seed rule failed: structure, dataset, split_test, split_seed, model, task, model_hyperparams, learning, learning_hyperparams. */
  readonly rule: string;
  /** Field path, e.g. `train_data.model.model_hyperparams[1].hyper_param_value`. */
  readonly path: string;
  /** The value given there (undefined when missing). */
  readonly value: unknown;
  /** What is allowed. */
  readonly allowed: string;
}

/** A training request that breaks one or more catalog rules; lists every violation. */
export class RequestValidationError extends AutolearnError {
  readonly violations: readonly Violation[];
  constructor(violations: readonly Violation[]) {
    super(
      'E_BAD_REQUEST',
      `invalid training request (${violations.length} problem${violations.length === 1 ? '' : 's'}):\n${violations
        .map(
          (v) =>
            `  - ${v.path}: got ${v.value === undefined ? 'nothing' : safeString(v.value)}; allowed: ${v.allowed}`,
        )
        .join('\n')}`,
    );
    this.violations = violations;
  }
}
