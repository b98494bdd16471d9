/**
 * An uploaded CSV with imputation and / or encoding chosen: its raw rows (text and empty cells kept)
 * are split, a ColumnTransformer of the library's own steps (SimpleImputer, OneHotEncoder,
 * StandardScaler / MinMaxScaler) is fitted on the training part only and applied to every part, and
 * the model trains on the numeric result. The fitted steps travel in the checkpoint's
 * `preprocessing.steps`, so a prediction on raw rows (category strings, empty cells) sees the very
 * numbers the training-time evaluation saw.
 */
import type { CsvColumnStep, CsvSource } from '../catalog/types.js';
import { DataError } from '../core/errors.js';
import { readCsvTable } from '../datasets/csv-table.js';
import { Dataset } from '../datasets/dataset.js';
import { type ColumnEntry, ColumnTransformer } from '../preprocessing/column-transformer.js';
import { type Transformer, toNumeric } from '../preprocessing/data.js';
import { MinMaxScaler } from '../preprocessing/min-max-scaler.js';
import { OneHotEncoder } from '../preprocessing/one-hot-encoder.js';
import { makePipeline, Pipeline } from '../preprocessing/pipeline.js';
import { SimpleImputer } from '../preprocessing/simple-imputer.js';
import { StandardScaler } from '../preprocessing/standard-scaler.js';

/** What predictions must apply to raw rows: the fitted steps and the columns they take. */
export interface PreparedInput {
  readonly steps: ColumnTransformer;
  /** The raw feature columns, in row order (what a prediction row names). */
  readonly featureNames: readonly string[];
  /** Those holding text (categories); the others are numbers. */
  readonly textColumns: readonly string[];
  /** Those with an imputer (the only ones where a prediction row may leave a cell empty). */
  readonly imputedColumns: readonly string[];
  /** The model's features: the steps' output columns (`<column>_<category>` for one-hot ones). */
  readonly featureNamesOut: readonly string[];
}

/** A Dataset of the transformed rows that remembers its fitted input steps (read by the model card). */
export class PreparedDataset extends Dataset {
  constructor(
    name: string,
    readonly preparedInput: PreparedInput,
    private readonly read: Dataset,
  ) {
    super({ name, labelName: read.labelName, featureNames: preparedInput.featureNamesOut });
  }

  /** The rows as read (text and empty cells as NaN), whatever the split: what the checksum covers. */
  override rawData() {
    return this.read.rawData();
  }
}

/**
 * The unfitted steps of a column plan: per feature column, its imputer, then its encoder (text) or
 * the scaler (numbers); a column with neither passes through.
 */
export function columnTransformer(
  columns: readonly CsvColumnStep[],
  scaling: CsvSource['scaling'],
): ColumnTransformer {
  const entries: ColumnEntry[] = columns.map((c) => {
    const steps: Transformer[] = [];
    if (c.impute) steps.push(new SimpleImputer({ strategy: c.impute, fillValue: c.fillValue }));
    if (c.encode === 'onehot') steps.push(new OneHotEncoder({ handleUnknown: 'ignore' }));
    else if (scaling === 'standard') steps.push(new StandardScaler());
    else if (scaling === 'minmax') steps.push(new MinMaxScaler());
    const step = steps.length === 0 ? 'passthrough' : steps.length === 1 ? steps[0]! : makePipeline(...steps);
    return [c.name, step, [c.name]] as const;
  });
  return new ColumnTransformer(entries, { featureNames: columns.map((c) => c.name) });
}

function parts(t: Transformer | 'passthrough' | 'drop'): Transformer[] {
  if (typeof t === 'string') return [];
  return t instanceof Pipeline ? t.steps.map(([, s]) => s as Transformer) : [t];
}

/** The fitted steps' output column names; refuses a column that had no value to impute from. */
function outputNames(ct: ColumnTransformer): string[] {
  const out: string[] = [];
  for (const [name, t] of ct.transformers) {
    const steps = parts(t);
    const imp = steps.find((s): s is SimpleImputer => s instanceof SimpleImputer);
    if (imp && imp.strategy !== 'constant' && imp.statistics?.[0] === null)
      throw new DataError(
        `column '${name}' has no value in the training part: nothing to impute '${imp.strategy}' from (use 'constant')`,
      );
    const enc = steps.find((s): s is OneHotEncoder => s instanceof OneHotEncoder);
    out.push(...(enc ? enc.featureNamesOut([name]) : [name]));
  }
  return out;
}

/** Loads an uploaded CSV with a column plan: steps fitted on the training part, applied to all. */
export async function loadPreparedCsv(
  name: string,
  source: CsvSource & { readonly columns: readonly CsvColumnStep[] },
  split: { test: number; seed: number },
): Promise<PreparedDataset> {
  const t = await readCsvTable(source.file, { label: source.label, features: source.features });
  const table = new Dataset({ name, labelName: t.labelName })
    .setTable(t.rows, t.labels, t.featureNames)
    .split(split);
  const ct = columnTransformer(source.columns, source.scaling);
  ct.fit(table.tablePart('train').X, undefined, { featureNames: t.featureNames });
  const featureNamesOut = outputNames(ct);
  const X = toNumeric(ct.transform(table.tablePart('all').X), `dataset '${name}'`);
  const input: PreparedInput = {
    steps: ct,
    featureNames: t.featureNames,
    textColumns: t.textColumns,
    imputedColumns: source.columns.filter((c) => c.impute !== null).map((c) => c.name),
    featureNamesOut,
  };
  const ds = new PreparedDataset(name, input, table);
  ds.setData({ X, y: table.rawData().y, classes: [...table.classes], featureNames: featureNamesOut });
  // the same labels and split options give the same indices as the table's split the steps saw
  return ds.split(split);
}
