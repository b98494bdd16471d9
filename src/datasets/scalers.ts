/**
 * The Dataset's scalers: scikit-learn's StandardScaler and MinMaxScaler, which now live in
 * src/preprocessing (the same classes are Pipeline steps). `makeScaler` builds one by the short
 * name a Dataset's `scaler` option takes.
 */
import { ParamError } from '../core/errors.js';
import { MinMaxScaler } from '../preprocessing/min-max-scaler.js';
import { Scaler, type ScalerName } from '../preprocessing/scaler.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';

export { MinMaxScaler, Scaler, type ScalerName, StandardScaler };

/**
 * A new unfitted scaler by its short name ('standard' or 'minmax').
 *
 * @example
 * ```ts
 * import { makeScaler } from 'autolearn';
 *
 * makeScaler('minmax').fit([[1], [3]]).transform([[2]]); // Matrix [[0.5]]
 * ```
 */
export function makeScaler(kind: ScalerName): Scaler {
  switch (kind) {
    case 'standard':
      return new StandardScaler();
    case 'minmax':
      return new MinMaxScaler();
    default:
      throw new ParamError('scaler', kind, "'standard' or 'minmax'", 'Dataset');
  }
}
