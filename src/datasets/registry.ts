/**
 * The dataset registry behind the catalog's `data_lake`: built-in datasets plus any registered by
 * the user. A definition carries the catalog metadata and an async loader.
 */
import type { Label } from '../core/data.js';
import { NotFoundError, ParamError } from '../core/errors.js';
import type { DatasetLoadOptions } from './builtin-options.js';
import {
  type DataLakeEntry,
  type Dataset,
  type DatasetTask,
  dataLakeEntry,
  type PreProcessingStep,
} from './dataset.js';
import {
  HEIGHT_WEIGHT_DESCRIPTION,
  HEIGHT_WEIGHT_FEATURES,
  HEIGHT_WEIGHT_LABEL,
  type HeightWeightOptions,
  loadHeightWeight,
} from './height-weight.js';
import { IRIS_DESCRIPTION, loadIris } from './iris.js';
import { IRIS_FEATURES, IRIS_LABEL, IRIS_SPECIES } from './iris-data.js';

export interface DatasetDef<O extends DatasetLoadOptions = DatasetLoadOptions> {
  readonly name: string;
  readonly task: DatasetTask;
  readonly description: string;
  readonly features: readonly string[];
  readonly label: string;
  readonly classes?: readonly Label[];
  readonly nRecords: number;
  readonly preProcessing: readonly PreProcessingStep[];
  /** Loads (and, with `options.split`, splits) the dataset. */
  load(options?: O): Promise<Dataset>;
}

/** The pre-processing every built-in dataset gets when loaded for training. */
export const BUILTIN_PRE_PROCESSING: readonly PreProcessingStep[] = [
  { step: 1, computation: 'label encoding: class names -> index 0..k-1 (sorted by code point)' },
  { step: 2, computation: 'stratified shuffled train/test split (fraction split_test, seed split_seed)' },
  {
    step: 3,
    computation: 'standard scaling (x - mean) / std, fitted on the training part and applied to every part',
  },
];

export const irisDef: DatasetDef = {
  name: 'iris',
  task: 'classification',
  description: IRIS_DESCRIPTION,
  features: IRIS_FEATURES,
  label: IRIS_LABEL,
  classes: IRIS_SPECIES,
  nRecords: 150,
  preProcessing: BUILTIN_PRE_PROCESSING,
  load: async (options) => loadIris(options),
};

export const heightWeightDef: DatasetDef<HeightWeightOptions> = {
  name: 'height_weight',
  task: 'classification',
  description: HEIGHT_WEIGHT_DESCRIPTION,
  features: HEIGHT_WEIGHT_FEATURES,
  label: HEIGHT_WEIGHT_LABEL,
  classes: ['F', 'M'],
  nRecords: 4231,
  preProcessing: BUILTIN_PRE_PROCESSING,
  load: (options) => loadHeightWeight(options),
};

/** The datasets shipped with autolearn. */
export const builtinDatasets: readonly DatasetDef[] = [irisDef, heightWeightDef as DatasetDef];

const registry = new Map<string, DatasetDef>();
for (const d of builtinDatasets) registry.set(key(d.name), d);

/** Case-, dash- and space-insensitive lookup key ('Height-Weight' finds 'height_weight'). */
function key(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Adds a dataset definition (a duplicate name throws unless `replace`). Returns the def.
 *
 * @example
 * ```ts
 * import { getDataset, loadCsvDataset, registerDataset } from 'autolearn';
 *
 * registerDataset({
 *   name: 'my_points',
 *   task: 'classification',
 *   description: 'points from my CSV file',
 *   features: ['x', 'y'],
 *   label: 'label',
 *   nRecords: 4,
 *   preProcessing: [],
 *   load: (options) => loadCsvDataset('/tmp/points.csv', { label: 'label', ...options }),
 * });
 * console.log((await getDataset('my_points').catch(() => null)) !== undefined);
 * ```
 */
export function registerDataset<O extends DatasetLoadOptions>(
  def: DatasetDef<O>,
  options: { replace?: boolean } = {},
): DatasetDef<O> {
  if (typeof def?.name !== 'string' || def.name.trim() === '')
    throw new ParamError('name', def?.name, 'a non-empty string', 'registerDataset');
  if (typeof def.load !== 'function')
    throw new ParamError('load', def.load, 'an async function returning a Dataset', 'registerDataset');
  if (def.task !== 'classification')
    throw new ParamError('task', def.task, "'classification'", 'registerDataset');
  const k = key(def.name);
  if (registry.has(k) && !options.replace) {
    throw new ParamError(
      'name',
      def.name,
      'a name not yet registered (or pass { replace: true })',
      'registerDataset',
    );
  }
  registry.set(k, def as unknown as DatasetDef);
  return def;
}

/** Removes a user-registered dataset (built-ins stay). Returns true when one was removed. */
export function unregisterDataset(name: string): boolean {
  const k = key(name);
  if (builtinDatasets.some((d) => key(d.name) === k)) return false;
  return registry.delete(k);
}

/**
 * Every registered definition (built-ins first, then in registration order).
 *
 * @example
 * ```ts
 * import { listDatasets } from 'autolearn';
 *
 * for (const d of listDatasets()) console.log(d.name, d.nRecords, d.features.join(', '));
 * ```
 */
export function listDatasets(): DatasetDef[] {
  return [...registry.values()];
}

/**
 * The definition of a dataset by name; NotFoundError lists the known names.
 *
 * @example
 * ```ts
 * import { getDatasetDef } from 'autolearn';
 *
 * const def = getDatasetDef('Height-Weight'); // names are case-, dash- and space-insensitive
 * console.log(def.name, def.features, def.nRecords);
 * ```
 */
export function getDatasetDef(name: string): DatasetDef {
  const def = registry.get(key(String(name)));
  if (!def)
    throw new NotFoundError(
      'dataset',
      String(name),
      listDatasets().map((d) => d.name),
    );
  return def;
}

/**
 * Loads a registered dataset by name (e.g. `getDataset('iris', { split: { test: 0.2, seed: 1 } })`).
 *
 * @example
 * ```ts
 * import { getDataset } from 'autolearn';
 *
 * const iris = await getDataset('iris', { split: { test: 0.3, seed: 1 } });
 * console.log(iris.name, iris.nFeatures);
 * ```
 */
export async function getDataset<O extends DatasetLoadOptions>(name: string, options?: O): Promise<Dataset> {
  return getDatasetDef(name).load(options);
}

/** A definition as a seed catalog `data_lake` entry. */
export function toCatalogEntry(def: DatasetDef): DataLakeEntry {
  return dataLakeEntry(def);
}
