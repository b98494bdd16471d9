/**
 * Reads a CSV file into raw rows that keep text columns (for OneHotEncoder) and empty cells (as
 * null, for SimpleImputer): a column with any non-numeric cell is a text column (all its cells
 * become strings); every other cell is a number.
 */
import type { Label } from '../core/data.js';
import { CsvError, DataError } from '../core/errors.js';
import { type CsvRowsOptions, csvRowBatches } from '../pipeline/csv-source.js';
import type { LabelType } from '../pipeline/matrix-builder.js';
import { parseDecimal } from '../pipeline/number-cell.js';
import { NumericRowParser } from '../pipeline/numeric-rows.js';
import type { Cell } from '../preprocessing/data.js';

export interface CsvTableOptions extends CsvRowsOptions {
  readonly label: string | number;
  readonly features?: readonly (string | number)[];
  readonly labelType?: LabelType;
}

export interface CsvTable {
  readonly rows: Cell[][];
  readonly labels: Label[];
  readonly featureNames: string[];
  readonly labelName: string;
  /** Names of the columns kept as text. */
  readonly textColumns: string[];
}

/** Raw rows of a CSV file (header required), text and missing cells kept. */
export async function readCsvTable(file: string, options: CsvTableOptions): Promise<CsvTable> {
  const parser = new NumericRowParser({ header: true, label: options.label, features: options.features });
  const raw: string[][] = [];
  const rawLabels: string[] = [];
  for await (const batch of csvRowBatches(file, options)) {
    for (const row of batch) {
      if (!parser.isReady) {
        parser.filter(row);
        continue;
      }
      if (row.cells.length !== parser.columns.length) {
        throw new CsvError(
          file,
          row.line,
          null,
          `expected ${parser.columns.length} cells, got ${row.cells.length}`,
        );
      }
      const label = (row.cells[parser.labelIndex] as string).trim();
      if (label === '')
        throw new CsvError(
          file,
          row.line,
          parser.labelIndex + 1,
          `empty label in column '${parser.columns[parser.labelIndex]}'`,
        );
      raw.push(Array.from(parser.featureIndex, (j) => row.cells[j] as string));
      rawLabels.push(label);
    }
  }
  if (raw.length === 0) throw new DataError(`${file} has no data rows`);
  const d = parser.featureIndex.length;
  const isText = new Array<boolean>(d).fill(false);
  for (const r of raw) {
    for (let j = 0; j < d; j++) {
      const c = (r[j] as string).trim();
      if (c !== '' && !Number.isFinite(parseDecimal(c))) isText[j] = true;
    }
  }
  const rows: Cell[][] = raw.map((r) =>
    r.map((s, j) => {
      const c = s.trim();
      if (c === '') return null;
      return isText[j] ? c : parseDecimal(c);
    }),
  );
  const type = options.labelType ?? 'auto';
  const numeric =
    type === 'number' || (type === 'auto' && rawLabels.every((l) => Number.isFinite(parseDecimal(l))));
  if (type === 'number' && !rawLabels.every((l) => Number.isFinite(parseDecimal(l)))) {
    throw new DataError(`${file}: labelType 'number' but some labels are not numbers`);
  }
  const labels: Label[] = numeric ? rawLabels.map((l) => parseDecimal(l)) : rawLabels;
  const featureNames = [...parser.featureNames];
  return {
    rows,
    labels,
    featureNames,
    labelName: parser.columns[parser.labelIndex] as string,
    textColumns: featureNames.filter((_, j) => isText[j]),
  };
}
