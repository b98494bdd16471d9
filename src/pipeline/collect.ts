/**
 * Sinks that drain a pipeline into a dense matrix plus encoded labels: `collectRows` for any
 * NumericRow pipe, `readCsvMatrix` for the CSV fast path (line count -> preallocation, csv-parse
 * batches parsed straight into the matrix buffer, no per-row objects kept).
 */
import type { Label } from '../core/data.js';
import { CsvError, DataError, ParamError } from '../core/errors.js';
import { DEFAULT_MAX_CLASSES } from '../core/labels.js';
import { type CsvRowsOptions, countLines, csvRowBatches, DEFAULT_MAX_RECORD_SIZE } from './csv-source.js';
import { type BuiltMatrix, LabeledMatrixBuilder, type LabelType } from './matrix-builder.js';
import { type NumericRow, NumericRowParser, type NumericRowsOptions } from './numeric-rows.js';
import { type AnyIterable, isAsyncIterable } from './task.js';

/** A row that a sink accepts: NumericRow, or any `{ values, label }`. */
export interface RowLike {
  readonly values: ArrayLike<number>;
  readonly label: Label | null;
  readonly featureNames?: readonly string[];
}

export interface CollectOptions {
  /** Expected number of rows (preallocates). */
  readonly sizeHint?: number;
  readonly labelType?: LabelType;
}

export interface CollectedData extends BuiltMatrix {
  /** Feature names from the rows (NumericRow.featureNames), or f0..f{d-1}. */
  readonly featureNames: readonly string[];
}

/** Drains a sync or async pipe of rows into a matrix and encoded labels. */
export async function collectRows(
  source: AnyIterable<RowLike | NumericRow>,
  options: CollectOptions = {},
): Promise<CollectedData> {
  let builder: LabeledMatrixBuilder | null = null;
  let names: readonly string[] | undefined;
  const add = (row: RowLike): void => {
    if (builder === null) {
      builder = new LabeledMatrixBuilder(row.values.length, options.sizeHint ?? 1024);
      names = row.featureNames;
    }
    builder.appendRow(row.values, row.label);
  };
  if (isAsyncIterable<RowLike>(source)) {
    for await (const row of source) add(row);
  } else {
    for (const row of source as Iterable<RowLike>) add(row);
  }
  const b = builder as LabeledMatrixBuilder | null;
  if (b === null) throw new DataError('the pipeline produced no rows');
  const built = b.finish(options.labelType);
  return { ...built, featureNames: names ?? Array.from({ length: built.X.cols }, (_, j) => `f${j}`) };
}

export interface CsvMatrixOptions extends NumericRowsOptions, CsvRowsOptions {
  readonly labelType?: LabelType;
  /**
   * Refuse a label column with more distinct values than this (default 1000, DEFAULT_MAX_CLASSES):
   * a CsvError at the first row over the cap, before the rest of the file is read.
   */
  readonly maxClasses?: number;
  /** Count lines first and allocate the matrix once (default true). */
  readonly preallocate?: boolean;
}

export interface CsvMatrix extends CollectedData {
  readonly file: string;
  /** The label column's header name (null without a label column). */
  readonly labelName: string | null;
  /** The header's columns (c0.. without a header). */
  readonly columns: readonly string[];
}

/**
 * Loads a CSV file into a Matrix and encoded labels through the pipeline's parts (csv-parse ->
 * NumericRowParser -> LabeledMatrixBuilder), writing values straight into the matrix buffer.
 * Peak memory is about the matrix itself plus csv-parse's buffers.
 *
 * @example
 * ```ts
 * import { readCsvMatrix } from 'autolearn';
 *
 * const { X, y, classes, columns } = await readCsvMatrix('/tmp/points.csv', { label: 'label' });
 * console.log(X.rows, X.cols, y, classes, columns);
 * ```
 */
export async function readCsvMatrix(file: string, options: CsvMatrixOptions = {}): Promise<CsvMatrix> {
  let sizeHint = 1024;
  if (options.preallocate ?? true) {
    const { newlines, endsWithNewline } = await countLines(file, {
      maxLineBytes: options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE,
    });
    const lines = newlines + (endsWithNewline ? 0 : 1);
    sizeHint = Math.max(1, lines - ((options.header ?? true) ? 1 : 0));
  }
  const parser = new NumericRowParser(options);
  const maxClasses = options.maxClasses ?? DEFAULT_MAX_CLASSES;
  if (!(Number.isInteger(maxClasses) && maxClasses >= 1)) {
    throw new ParamError('maxClasses', maxClasses, 'an integer >= 1', 'CSV');
  }
  let builder: LabeledMatrixBuilder | null = null;
  for await (const batch of csvRowBatches(file, options)) {
    for (let r = 0; r < batch.length; r++) {
      const row = batch[r]!;
      if (!parser.isReady && !parser.filter(row)) continue;
      if (builder === null) builder = new LabeledMatrixBuilder(parser.nFeatures, sizeHint);
      const buf = builder.slotBuffer();
      const label = parser.parseInto(row, buf, builder.slotOffset);
      builder.commitRow(label);
      if (builder.distinctLabels > maxClasses) {
        throw new CsvError(
          file,
          row.line,
          parser.labelIndex + 1,
          `the label column '${parser.columns[parser.labelIndex]}' has more than ${maxClasses} distinct values (maxClasses); is it the right column, or a continuous target? Raise maxClasses to allow more classes`,
        );
      }
    }
  }
  const b = builder as LabeledMatrixBuilder | null;
  if (b === null) throw new DataError(`${file} has no data rows`);
  const built = b.finish(options.labelType);
  return {
    ...built,
    featureNames: parser.featureNames,
    file,
    labelName: parser.labelIndex >= 0 ? (parser.columns[parser.labelIndex] as string) : null,
    columns: parser.columns,
  };
}
