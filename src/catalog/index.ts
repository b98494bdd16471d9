/**
 * autolearn/catalog — the registry of models, datasets and metrics, the catalog rendered in the
 * seed's JSON schema, and training-request validation against it.
 * `registerBuiltins` (the built-in models and datasets) lives in `./builtins.js` and is loaded by
 * `builtinCatalogRegistry()` on demand, so importing this entry point loads no model code.
 * @packageDocumentation
 * @module autolearn/catalog
 */
export { CatalogError, RequestValidationError, type Violation } from './errors.js';
export { CLASSIFICATION_METRICS, globalRegistry, Registry } from './registry.js';
export { buildCatalog } from './render.js';
export { type CatalogParamSpec, fromSeedParamSpec, toCatalogParamSpec } from './seed-param.js';
export type {
  CsvColumnStep,
  CsvSource,
  DatasetEntry,
  DatasetSplit,
  HyperParamValue,
  LearningChoice,
  LearningEntry,
  MetricEntry,
  ModelEntry,
  PreProcessingStep,
  SeedCatalog,
  SeedDataset,
  SeedLearning,
  SeedMetric,
  SeedModel,
  TrainRequest,
  ValidTrainRequest,
} from './types.js';
export { validateTrainRequest } from './validate.js';

import { globalRegistry, type Registry } from './registry.js';

/** Registers the built-in models, datasets and metrics into `registry` (default: the global one). */
export async function registerBuiltins(registry: Registry = globalRegistry): Promise<Registry> {
  return (await import('./builtins.js')).registerBuiltins(registry);
}
