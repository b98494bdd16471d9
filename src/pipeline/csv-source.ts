/**
 * CSV sources: the file is streamed from disk through csv-parse (never read into one string).
 * Records come out as `CsvRow` (cells as strings plus the 1-based line where the record ends);
 * csv-parse's own errors become our `CsvError` with file, line and column.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { type Options as CsvParseOptions, Parser } from 'csv-parse';
import { CsvError, DataError, ParamError } from '../core/errors.js';
import { AsyncStreamingPipe } from './async-streaming-pipe.js';
import { CSV_ENCODINGS, type CsvEncoding, Utf8Check } from './utf8-check.js';

export { CSV_ENCODINGS, type CsvEncoding };

/** One CSV record: its raw cells and where it is in the file. */
export interface CsvRow {
  readonly cells: readonly string[];
  /** 1-based line number where the record ends (the record's line unless a quoted cell spans lines). */
  readonly line: number;
  readonly file: string;
}

export interface CsvRowsOptions {
  /** Field delimiter (default ','). */
  readonly delimiter?: string;
  /** Skip blank lines (default true). */
  readonly skipEmptyLines?: boolean;
  /** Read buffer size in bytes (default 256 KiB). */
  readonly highWaterMark?: number;
  /**
   * Text encoding of the file. Default 'utf-8', checked strictly: invalid UTF-8 is a CsvError
   * (never silently replaced by U+FFFD); declare e.g. 'latin1' for other files.
   */
  readonly encoding?: CsvEncoding;
  /**
   * Largest record (and line) in bytes (default 1 MiB, DEFAULT_MAX_RECORD_SIZE): a longer one is a
   * CsvError as soon as it is seen, so one huge line cannot exhaust memory.
   */
  readonly maxRecordSize?: number;
}

/** Default `maxRecordSize`: 1 MiB. */
export const DEFAULT_MAX_RECORD_SIZE = 1 << 20;

function checkReadOptions(options: CsvRowsOptions): void {
  if (options.encoding !== undefined && !(CSV_ENCODINGS as readonly string[]).includes(options.encoding)) {
    throw new ParamError('encoding', options.encoding, `one of ${CSV_ENCODINGS.join(', ')}`, 'CSV');
  }
  const m = options.maxRecordSize;
  if (m !== undefined && !(Number.isInteger(m) && m >= 1)) {
    throw new ParamError('maxRecordSize', m, 'an integer >= 1 (bytes)', 'CSV');
  }
}

function isUtf8Encoding(options: CsvRowsOptions): boolean {
  return options.encoding === undefined || options.encoding === 'utf-8' || options.encoding === 'utf8';
}

/**
 * csv-parse's Parser, with each record tagged by the line it ends on, and records pushed downstream
 * in batches (one array per input chunk) so that consumers pay one async step per chunk, not per
 * record. csv-parse calls `push` synchronously at the end of each record, so `this.info.lines` is
 * then that record's line; this avoids csv-parse's per-record `info` snapshot object.
 */
class BatchingCsvParser extends Parser {
  /** Line of the last complete record (used to place errors in unterminated records). */
  lastLine = 0;
  private pending: CsvRow[] = [];
  constructor(
    private readonly file: string,
    options: CsvParseOptions,
  ) {
    super(options);
  }
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) {
      this.flushPending();
      return super.push(null, encoding);
    }
    const line = (this.info as { lines: number }).lines;
    this.lastLine = line;
    this.pending.push({ cells: chunk as string[], line, file: this.file });
    return true;
  }
  override _transform(buf: Buffer, encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    super._transform(buf, encoding, (err?: Error | null) => {
      if (!err) this.flushPending();
      callback(err);
    });
  }
  override _flush(callback: (err?: Error | null) => void): void {
    super._flush((err?: Error | null) => {
      if (!err) this.flushPending();
      callback(err);
    });
  }
  private flushPending(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    super.push(batch);
  }
}

/** Lean csv-parse options: array records, no casting, no column objects. */
function parserOptions(options: CsvRowsOptions): CsvParseOptions {
  return {
    delimiter: options.delimiter ?? ',',
    bom: true,
    cast: false,
    columns: false,
    relax_column_count: true,
    skip_empty_lines: options.skipEmptyLines ?? true,
    encoding: isUtf8Encoding(options) ? 'utf8' : (options.encoding as BufferEncoding),
    max_record_size: options.maxRecordSize ?? DEFAULT_MAX_RECORD_SIZE,
  };
}

/** Maps a csv-parse error (or an I/O error) to a typed autolearn error. */
export function toCsvError(err: unknown, file: string, lastLine: number): Error {
  if (err instanceof CsvError || err instanceof DataError) return err;
  const e = err as { code?: string; message?: string; lines?: number; column?: number | string | null };
  const column = typeof e.column === 'number' ? e.column + 1 : (e.column ?? null);
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvError(
        file,
        lastLine + 1,
        column,
        `malformed row: a quoted field opened in the record starting after line ${lastLine} is never closed (end of file at line ${e.lines ?? '?'})`,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return new CsvError(file, e.lines ?? lastLine + 1, column, `malformed row: ${e.message ?? e.code}`);
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvError(
        file,
        e.lines ?? lastLine + 1,
        null,
        'record too long: it exceeds maxRecordSize (default 1 MiB); is the delimiter or the quoting right? Raise maxRecordSize to allow longer records',
      );
    case 'ENOENT':
    case 'EACCES':
    case 'EISDIR':
      return new DataError(`cannot read CSV file ${file}: ${e.message ?? e.code}`, { cause: err });
    default:
      if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
        return new CsvError(file, e.lines ?? lastLine + 1, column, `malformed CSV: ${e.message ?? e.code}`);
      }
      return err instanceof Error ? err : new DataError(`reading ${file} failed: ${String(err)}`);
  }
}

/**
 * Streams the records of a CSV file in batches (arrays of CsvRow, one per chunk read; header
 * included as the first row). The fast path for loaders; `csvRows` flattens it.
 */
export async function* csvRowBatches(
  file: string,
  options: CsvRowsOptions = {},
): AsyncGenerator<readonly CsvRow[], void, undefined> {
  checkReadOptions(options);
  const parser = new BatchingCsvParser(file, parserOptions(options));
  const input = createReadStream(file, { highWaterMark: options.highWaterMark ?? 1 << 18 });
  // pipeline() forwards read errors into the parser and destroys the file when the parser stops.
  if (isUtf8Encoding(options)) pipeline(input, new Utf8Check(file), parser, () => {});
  else pipeline(input, parser, () => {});
  try {
    for await (const batch of parser) yield batch as CsvRow[];
  } catch (err) {
    throw toCsvError(err, file, parser.lastLine);
  } finally {
    if (!parser.destroyed) parser.destroy();
    if (!input.destroyed) input.destroy();
  }
}

async function* flatten(batches: AsyncIterable<readonly CsvRow[]>): AsyncGenerator<CsvRow, void, undefined> {
  for await (const batch of batches) yield* batch;
}

/**
 * Streams the records of a CSV file (header included, as the first row) as an AsyncStreamingPipe.
 * Chain `parseNumericRows(...)` after it to get numeric feature rows.
 *
 * @example
 * ```ts
 * import { csvRows } from 'autolearn';
 *
 * const numbers = csvRows('/tmp/points.csv')
 *   .pipe({ filter: (r) => r.line > 1 })
 *   .pipe({ map: (r) => r.cells.slice(0, 2).map(Number) });
 * for await (const xy of numbers) console.log(xy);
 * ```
 */
export function csvRows(file: string, options: CsvRowsOptions = {}): AsyncStreamingPipe<CsvRow, CsvRow> {
  return AsyncStreamingPipe.from(flatten(csvRowBatches(file, options)));
}

/**
 * Counts newline bytes in a file by streaming it (no decoding): an upper bound on the number of
 * records, used to preallocate matrices.
 *
 * @example
 * ```ts
 * import { countLines } from 'autolearn';
 *
 * const { newlines, bytes } = await countLines('/tmp/points.csv');
 * console.log(newlines, bytes);
 * ```
 */
export async function countLines(
  file: string,
  options: { readonly maxLineBytes?: number } = {},
): Promise<{ newlines: number; endsWithNewline: boolean; bytes: number }> {
  let newlines = 0;
  let last = -1;
  let bytes = 0;
  const maxLine = options.maxLineBytes ?? Number.POSITIVE_INFINITY;
  // bytes of the current (unfinished) line so far: a line over the cap fails before the rest is read
  let lineStart = 0;
  const tooLong = (): CsvError =>
    new CsvError(
      file,
      newlines + 1,
      null,
      `record too long: line ${newlines + 1} exceeds maxRecordSize (${maxLine} bytes); is the delimiter or the quoting right? Raise maxRecordSize to allow longer records`,
    );
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let i = chunk.indexOf(10);
      while (i !== -1) {
        if (bytes + i - lineStart > maxLine) throw tooLong();
        newlines++;
        lineStart = bytes + i + 1;
        i = chunk.indexOf(10, i + 1);
      }
      bytes += chunk.length;
      if (bytes - lineStart > maxLine) throw tooLong();
      if (chunk.length > 0) last = chunk[chunk.length - 1] as number;
    }
  } catch (err) {
    throw toCsvError(err, file, 0);
  }
  return { newlines, endsWithNewline: last === 10, bytes };
}
