import type { Scaler, ScalerName } from './scalers.js';
import type { SplitOptions } from './split.js';

/** Options every built-in or CSV dataset loader accepts. */
export interface DatasetLoadOptions {
  /** Split right away (seeded, stratified by default). */
  readonly split?: SplitOptions;
  /** Scaler fitted on the training part ('standard' by default for built-ins; null for none). */
  readonly scaler?: ScalerName | Scaler | null;
}
