/*
 * Streaming pipelines (the seed's Streaming Pipeline pattern): sync and async iterator pipes,
 * sources (arrays, iterables, CSV files via csv-parse), numeric row parsing with typed CSV errors,
 * and sinks that build dense matrices.
 */
export { AsyncStreamingPipe } from './async-streaming-pipe.js';
export {
  type CollectedData,
  type CollectOptions,
  type CsvMatrix,
  type CsvMatrixOptions,
  collectRows,
  type RowLike,
  readCsvMatrix,
} from './collect.js';
export {
  CSV_ENCODINGS,
  type CsvEncoding,
  type CsvRow,
  type CsvRowsOptions,
  countLines,
  csvRowBatches,
  csvRows,
  DEFAULT_MAX_RECORD_SIZE,
} from './csv-source.js';
export { type BuiltMatrix, LabeledMatrixBuilder, type LabelType } from './matrix-builder.js';
export { describeBadNumber, parseDecimal } from './number-cell.js';
export {
  CsvColumnError,
  type NumericRow,
  NumericRowParser,
  type NumericRowsOptions,
  parseNumericRows,
} from './numeric-rows.js';
export { type ATask, fromArray, fromAsyncIterable, fromIterable, pipe, type Task } from './sources.js';
export { StreamingPipe } from './streaming-pipe.js';
export { type AnyIterable, type AsyncPipeTask, isAsyncIterable, isIterable, type PipeTask } from './task.js';
