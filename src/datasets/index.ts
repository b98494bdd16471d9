/*
 * Datasets: the Dataset class (load through a pipeline, seeded stratified split, train-fitted
 * scaling), built-in Iris and Height-Weight, user CSV files, a registry for the catalog, the
 * `makeClassification` generator, a checksum-verified fetcher and a CSV writer.
 */
export type { DatasetLoadOptions } from './builtin-options.js';
export { type CsvDatasetOptions, loadCsvDataset } from './csv-dataset.js';
export {
  type DataLakeEntry,
  Dataset,
  type DatasetInfo,
  type DatasetSource,
  type DatasetTask,
  type PreProcessingStep,
  type SetUpOptions,
} from './dataset.js';
export {
  defaultCacheDir,
  type FetchedFile,
  type FetchWithChecksumOptions,
  fetchWithChecksum,
  sha256File,
  verifyChecksum,
} from './fetch.js';
export {
  HEIGHT_WEIGHT_SHA256,
  HEIGHT_WEIGHT_URL,
  type HeightWeightOptions,
  loadHeightWeight,
  PACKAGE_DATASETS_DIR,
  type ResolvedFile,
  resolveHeightWeightFile,
} from './height-weight.js';
export { loadIris } from './iris.js';
export { IRIS_FEATURES, IRIS_SPECIES } from './iris-data.js';
export {
  type ClassificationData,
  type MakeClassificationOptions,
  makeClassification,
} from './make-classification.js';
export {
  BUILTIN_PRE_PROCESSING,
  builtinDatasets,
  type DatasetDef,
  getDataset,
  getDatasetDef,
  listDatasets,
  registerDataset,
  toCatalogEntry,
  unregisterDataset,
} from './registry.js';
export { MinMaxScaler, makeScaler, Scaler, type ScalerName, StandardScaler } from './scalers.js';
export {
  allocateProportional,
  checkSplitOptions,
  type SplitIndices,
  type SplitOptions,
  splitIndices,
  type TrainTestSplit,
  type TrainTestSplitOptions,
  trainTestSplit,
} from './split.js';
export { csvCell, type WriteCsvOptions, writeCsv } from './write-csv.js';
