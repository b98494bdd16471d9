/** Iris, shipped inside the package (no file I/O): 150 rows, 4 features, label `species`. */
import type { DatasetLoadOptions } from './builtin-options.js';
import { Dataset } from './dataset.js';
import { IRIS_FEATURES, IRIS_LABEL, IRIS_SPECIES, IRIS_TARGET, IRIS_VALUES } from './iris-data.js';

export const IRIS_DESCRIPTION =
  "Fisher's Iris: 150 flowers of 3 species (setosa, versicolor, virginica), 50 each, described by sepal and petal length and width in cm; task: classify the species.";

/**
 * A loaded Iris Dataset (standard scaling fitted on the train part unless `scaler: null`).
 *
 * @example
 * ```ts
 * import { loadIris } from 'autolearn';
 *
 * const iris = loadIris({ split: { test: 0.2, seed: 7 } });
 * console.log(iris.nRecords, iris.featureNames, iris.classes);
 * console.log(iris.part('train').X.rows, iris.part('test').X.rows);
 * ```
 */
export function loadIris(options: DatasetLoadOptions = {}): Dataset {
  const ds = Dataset.fromArrays(
    { rows: 150, cols: 4, data: Float64Array.from(IRIS_VALUES) },
    IRIS_TARGET.map((t) => IRIS_SPECIES[t] as string),
    {
      name: 'iris',
      description: IRIS_DESCRIPTION,
      featureNames: IRIS_FEATURES,
      labelName: IRIS_LABEL,
      scaler: options.scaler === undefined ? 'standard' : options.scaler,
    },
  );
  if (options.split) ds.split(options.split);
  return ds;
}
