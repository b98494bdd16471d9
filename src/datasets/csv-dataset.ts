/** loadCsvDataset: any CSV file becomes a Dataset; feature and label columns are chosen by name. */
import { basename } from 'node:path';
import { readCsvMatrix } from '../pipeline/collect.js';
import type { CsvRowsOptions } from '../pipeline/csv-source.js';
import type { LabelType } from '../pipeline/matrix-builder.js';
import type { DatasetLoadOptions } from './builtin-options.js';
import { readCsvTable } from './csv-table.js';
import { Dataset, type PreProcessingStep } from './dataset.js';

export interface CsvDatasetOptions extends DatasetLoadOptions, CsvRowsOptions {
  /** Label column (header name or 0-based index). */
  readonly label: string | number;
  /** Feature columns (names or indices; default: every other column). */
  readonly features?: readonly (string | number)[];
  /** Dataset name (default: the file name without extension). */
  readonly name?: string;
  readonly description?: string;
  /** 'auto' (default): numeric labels when every label is a number. */
  readonly labelType?: LabelType;
  /** Refuse more distinct labels than this (default 1000). */
  readonly maxClasses?: number;
  readonly preProcessing?: readonly PreProcessingStep[];
  /**
   * Keep text columns (and empty cells, as missing) as raw rows for a Pipeline's OneHotEncoder /
   * SimpleImputer instead of failing on them (default false). See `Dataset.tablePart`.
   */
  readonly keepText?: boolean;
}

/**
 * Streams a CSV file (with a header) into a loaded Dataset. A wrong column name throws
 * CsvColumnError listing the header's columns; bad cells throw CsvError with file, line, column.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { loadCsvDataset } from 'autolearn';
 *
 * writeFileSync('/tmp/points.csv', 'x,y,label\n0,0,a\n0,1,a\n5,5,b\n5,6,b\n');
 * const ds = await loadCsvDataset('/tmp/points.csv', { label: 'label', split: { test: 0.5, seed: 0 } });
 * console.log(ds.featureNames, ds.classes);
 * ```
 */
export async function loadCsvDataset(file: string, options: CsvDatasetOptions): Promise<Dataset> {
  let labelName = typeof options.label === 'string' ? options.label : 'label';
  const ds = new Dataset({
    name: options.name ?? basename(file).replace(/\.[^.]*$/, ''),
    description: options.description ?? `CSV file ${basename(file)}`,
    labelName,
    scaler: options.scaler ?? null,
    preProcessing: options.preProcessing,
  });
  if (options.keepText) {
    const t = await readCsvTable(file, options);
    ds.setTable(t.rows, t.labels, t.featureNames);
    ds.labelName = t.labelName;
    if (options.split) ds.split(options.split);
    return ds;
  }
  ds.setUp(async () => {
    const m = await readCsvMatrix(file, {
      header: true,
      label: options.label,
      features: options.features,
      labelType: options.labelType,
      delimiter: options.delimiter,
      skipEmptyLines: options.skipEmptyLines,
      highWaterMark: options.highWaterMark,
      encoding: options.encoding,
      maxRecordSize: options.maxRecordSize,
      maxClasses: options.maxClasses,
    });
    labelName = m.labelName ?? labelName;
    return m;
  });
  await ds.load();
  ds.labelName = labelName;
  if (options.split) ds.split(options.split);
  return ds;
}
