/**
 * Preprocessing with scikit-learn's semantics: StandardScaler, MinMaxScaler, OneHotEncoder,
 * SimpleImputer, column selection (ColumnTransformer, selectColumns) and the Pipeline that chains
 * them with a final model into one fitted, checkpointable object.
 */
export {
  type ColumnEntry,
  ColumnSelector,
  type ColumnSelectorState,
  type ColumnSpec,
  ColumnTransformer,
  type ColumnTransformerOptions,
  type ColumnTransformerState,
  makeColumnTransformer,
  selectColumns,
} from './column-transformer.js';
export {
  type Cell,
  type Data,
  type DataLike,
  type Decision,
  decisionData,
  isTransformer,
  type Table,
  type Transformer,
  type TransformerFitOptions,
  type TransformerState,
  toNumeric,
} from './data.js';
export { MinMaxScaler, type MinMaxScalerParams, type MinMaxScalerState } from './min-max-scaler.js';
export {
  type Category,
  OneHotEncoder,
  type OneHotEncoderParams,
  type OneHotEncoderState,
} from './one-hot-encoder.js';
export {
  cloneStep,
  loadAnyCheckpoint,
  makePipeline,
  type NamedStep,
  Pipeline,
  type PipelineDataset,
  type PipelineEstimator,
  type PipelineState,
  type PipelineStep,
  setStepParams,
} from './pipeline.js';
export { transformerFromState } from './registry.js';
export { Scaler, type ScalerName } from './scaler.js';
export {
  type ImputeStrategy,
  SimpleImputer,
  type SimpleImputerParams,
  type SimpleImputerState,
} from './simple-imputer.js';
export { StandardScaler, type StandardScalerParams, type StandardScalerState } from './standard-scaler.js';
