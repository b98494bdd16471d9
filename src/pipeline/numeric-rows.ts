/**
 * `parseNumericRows`: the pipe task that turns CSV records into numeric feature rows plus a label.
 * The first record is the header (unless `header: false`); features and the label column are
 * chosen by name or 0-based index. Every bad row throws a CsvError naming the file, 1-based line
 * and 1-based column: a missing or extra column, an empty, non-numeric, NaN or Infinity cell.
 */
import { CsvError } from '../core/errors.js';
import type { CsvRow } from './csv-source.js';
import { describeBadNumber, parseDecimal } from './number-cell.js';
import type { PipeTask } from './task.js';

/** A parsed record: feature values (in the order of `featureNames`) and the raw label text. */
export interface NumericRow {
  readonly values: Float64Array;
  /** The label cell as text; null when the source has no label column. */
  readonly label: string | null;
  /** 1-based line in the source (0 when the source is not a file). */
  readonly line: number;
  /** Names of the feature columns (shared by every row of a source). */
  readonly featureNames: readonly string[];
}

export interface NumericRowsOptions {
  /** The first record is a header with column names (default true). */
  readonly header?: boolean;
  /** Feature columns by header name or 0-based index (default: every column but the label). */
  readonly features?: readonly (string | number)[];
  /** Label column by header name or 0-based index; null for none (default: the last column). */
  readonly label?: string | number | null;
}

/** A requested column is not in the header; lists the header's columns. */
export class CsvColumnError extends CsvError {
  constructor(
    file: string,
    line: number,
    readonly wanted: string | number,
    readonly available: readonly string[],
  ) {
    super(
      file,
      line,
      typeof wanted === 'number' ? wanted + 1 : wanted,
      `no column ${typeof wanted === 'number' ? `with index ${wanted}` : JSON.stringify(wanted)}; the header's columns are: ${available.map((c) => JSON.stringify(c)).join(', ')}`,
    );
  }
}

/**
 * The task behind `parseNumericRows`. `filter` consumes the header; `map` parses a record. Both are
 * bound arrow functions, so the object can be handed to any pipe. `parseInto` writes a record's
 * values into a caller's buffer (no allocation) for bulk loaders.
 */
export class NumericRowParser implements PipeTask<CsvRow, NumericRow> {
  /** Header names (or c0..c{n-1} without a header); empty until the first record is seen. */
  columns: readonly string[] = [];
  featureNames: readonly string[] = [];
  /** 0-based column index of each feature. */
  featureIndex: Int32Array = new Int32Array(0);
  /** 0-based label column, -1 for none. */
  labelIndex = -1;
  private ready = false;

  constructor(readonly options: NumericRowsOptions = {}) {}

  get nFeatures(): number {
    return this.featureIndex.length;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Keeps data records; the header record (first one, when `header`) configures the parser. */
  readonly filter = (row: CsvRow): boolean => {
    if (this.ready) return true;
    const header = this.options.header ?? true;
    this.configure(row, header);
    return !header;
  };

  /** Parses a data record into a fresh NumericRow. */
  readonly map = (row: CsvRow): NumericRow => {
    if (!this.ready) this.configure(row, false);
    const values = new Float64Array(this.featureIndex.length);
    const label = this.parseInto(row, values, 0);
    return { values, label, line: row.line, featureNames: this.featureNames };
  };

  /** Writes the features of `row` into `out[offset..]` and returns the label cell (null if none). */
  parseInto(row: CsvRow, out: Float64Array, offset: number): string | null {
    const cells = row.cells;
    const n = this.columns.length;
    if (cells.length !== n) this.throwWidth(row);
    const idx = this.featureIndex;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k] as number;
      const v = parseDecimal(cells[j] as string);
      if (v - v !== 0) this.throwCell(row, j);
      out[offset + k] = v;
    }
    if (this.labelIndex < 0) return null;
    const label = cells[this.labelIndex] as string;
    if (label.length === 0 || label.trim().length === 0) {
      throw new CsvError(
        row.file,
        row.line,
        this.labelIndex + 1,
        `empty label in column '${this.columns[this.labelIndex]}'`,
      );
    }
    return label;
  }

  private configure(row: CsvRow, header: boolean): void {
    const n = row.cells.length;
    this.columns = header ? row.cells.map((c) => c.trim()) : Array.from({ length: n }, (_, j) => `c${j}`);
    const resolve = (want: string | number): number => {
      if (typeof want === 'number') {
        if (Number.isInteger(want) && want >= 0 && want < n) return want;
      } else {
        const j = this.columns.indexOf(want);
        if (j >= 0) return j;
        const k = this.columns.indexOf(want.trim());
        if (k >= 0) return k;
      }
      throw new CsvColumnError(row.file, row.line, want, this.columns);
    };
    const label = this.options.label === undefined ? n - 1 : this.options.label;
    this.labelIndex = label === null ? -1 : resolve(label);
    const features = this.options.features;
    const idx: number[] = [];
    if (features === undefined) {
      for (let j = 0; j < n; j++) if (j !== this.labelIndex) idx.push(j);
    } else {
      for (const f of features) idx.push(resolve(f));
    }
    if (idx.length === 0) throw new CsvError(row.file, row.line, null, 'no feature columns selected');
    this.featureIndex = Int32Array.from(idx);
    this.featureNames = idx.map((j) => this.columns[j] as string);
    this.ready = true;
  }

  private throwWidth(row: CsvRow): never {
    const n = this.columns.length;
    const got = row.cells.length;
    if (got < n) {
      throw new CsvError(
        row.file,
        row.line,
        got + 1,
        `missing column: the row has ${got} cells but the header has ${n} (first missing: '${this.columns[got]}')`,
      );
    }
    throw new CsvError(
      row.file,
      row.line,
      n + 1,
      `extra column: the row has ${got} cells but the header has ${n}`,
    );
  }

  private throwCell(row: CsvRow, j: number): never {
    const reason = describeBadNumber(row.cells[j] as string) ?? 'not a finite number';
    throw new CsvError(row.file, row.line, j + 1, `${reason} in feature column '${this.columns[j]}'`);
  }
}

/** A pipe task parsing CsvRow records into NumericRow (see NumericRowParser). */
export function parseNumericRows(options: NumericRowsOptions = {}): NumericRowParser {
  return new NumericRowParser(options);
}
