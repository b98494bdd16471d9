/** Rebuilds any preprocessing step from its plain state (checkpoints, worker threads). */
import { DataError } from '../core/errors.js';
import { ColumnSelector, ColumnTransformer, stepFromStateHook } from './column-transformer.js';
import type { Transformer, TransformerState } from './data.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';

type Loadable = Transformer & { setState(state: TransformerState): void };

const FACTORIES: Record<string, () => Loadable> = {
  StandardScaler: () => new StandardScaler(),
  MinMaxScaler: () => new MinMaxScaler(),
  OneHotEncoder: () => new OneHotEncoder(),
  SimpleImputer: () => new SimpleImputer(),
  ColumnSelector: () => new ColumnSelector({ columns: [0] }),
};

/** Extra step types (e.g. a transformer-only Pipeline), registered by their modules. */
export const extraStepLoaders = new Map<string, (state: TransformerState) => Transformer>();

/**
 * A fitted step rebuilt from `getState()` output (StandardScaler, MinMaxScaler, OneHotEncoder,
 * SimpleImputer, ColumnSelector, ColumnTransformer, or a transformer-only Pipeline).
 *
 * @example
 * ```ts
 * import { StandardScaler, transformerFromState } from 'autolearn';
 *
 * const s = new StandardScaler().fit([[1], [3]]);
 * const back = transformerFromState(JSON.parse(JSON.stringify(s.getState())));
 * ```
 */
export function transformerFromState(state: TransformerState): Transformer {
  const type = (state as { type?: unknown } | null)?.type;
  if (type === 'ColumnTransformer') return ColumnTransformer.fromState(state);
  const extra = typeof type === 'string' ? extraStepLoaders.get(type) : undefined;
  if (extra) return extra(state);
  const make = typeof type === 'string' ? FACTORIES[type] : undefined;
  if (!make) {
    throw new DataError(
      `unknown preprocessing step type ${JSON.stringify(type)}; known: ${[...Object.keys(FACTORIES), 'ColumnTransformer', ...extraStepLoaders.keys()].join(', ')}`,
    );
  }
  const t = make();
  t.setState(state);
  return t;
}

/** A new unfitted step of the given type with the given params (worker threads rebuild candidates so). */
export function transformerFromParams(type: string, params: Record<string, unknown>): Transformer {
  const make = FACTORIES[type];
  if (!make) throw new DataError(`unknown preprocessing step type ${JSON.stringify(type)}`);
  if (type === 'ColumnSelector') return new ColumnSelector(params as never);
  return make().setParams(params);
}

stepFromStateHook.fn = transformerFromState;
