/**
 * Inference on a stored model: rows in (named features as objects, arrays, or CSV text), labels,
 * class probabilities (where the model has them) and decision values out. The checkpoint is parsed
 * once per thread and kept in a bounded LRU (`PREDICT_CACHE_MODELS` models); the raw rows get the
 * training Dataset's scaler (the checkpoint's `preprocessing`) before the model sees them, or, for
 * an upload with imputation / encoding, its fitted input steps (raw cells: text and empty ones kept).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { LRUCache } from 'lru-cache';
import type { Label } from '../core/data.js';
import { AutolearnError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { Scaler } from '../datasets/scalers.js';
import type { Classifier } from '../models/base.js';
import { loadCheckpoint } from '../models/load-checkpoint.js';
import { type Cell, type Transformer, toNumeric } from '../preprocessing/data.js';
import '../preprocessing/pipeline.js'; // registers the 'Pipeline' step loader (a column's imputer + encoder)
import { transformerFromState } from '../preprocessing/registry.js';
import type { CardedCheckpoint, Preprocessing } from './model-card.js';

/** Most rows one prediction request may carry (documented in the README and OpenAPI). */
export const MAX_PREDICT_ROWS = 10_000;
/** Parsed models kept per thread. */
export const PREDICT_CACHE_MODELS = 32;

/** The rows of a prediction request are unusable: the message says which row and feature. */
export class PredictInputError extends AutolearnError {
  constructor(
    readonly reason: 'shape' | 'feature' | 'value' | 'limit' | 'format',
    message: string,
    readonly row: number | null = null,
  ) {
    super('E_PREDICT_INPUT', message);
  }
}

/** What a model expects of its input. */
export interface ModelInputs {
  readonly featureNames: readonly string[];
  readonly nFeatures: number;
  /**
   * Set when the checkpoint has input steps (imputation / encoding): the raw columns holding text.
   * Rows then keep text in these columns and empty cells (null, '') anywhere, as raw cells.
   */
  readonly textColumns?: readonly string[];
  /** With input steps: the raw columns that have an imputer (the only ones that may be empty). */
  readonly imputedColumns?: readonly string[];
}

/** The request body: `{ rows }`, a bare array of rows, or CSV text with a header of feature names. */
export type PredictRows = unknown;

/**
 * Rows -> a dense matrix in the model's feature order. Object rows must name exactly the model's
 * features; array rows must have exactly nFeatures values; CSV needs a header naming the features.
 */
export function parsePredictRows(input: PredictRows, m: ModelInputs, maxRows = MAX_PREDICT_ROWS): Matrix {
  const rows = readRows(input, m, maxRows, numberCell);
  const d = m.nFeatures;
  const data = new Float64Array(rows.length * d);
  for (const [i, r] of rows.entries()) data.set(r, i * d);
  return { rows: rows.length, cols: d, data };
}

/**
 * Rows -> raw cells for a checkpoint with input steps: numbers (or numeric text) in numeric columns,
 * text in text columns, null for a missing cell (null, undefined or '' in JSON, an empty CSV cell).
 */
export function parsePredictTable(input: PredictRows, m: ModelInputs, maxRows = MAX_PREDICT_ROWS): Cell[][] {
  const text = new Set(m.textColumns ?? []);
  const imputed = new Set(m.imputedColumns ?? []);
  return readRows(input, m, maxRows, (v, i, name) => {
    const c = rawCell(v, i, name, text.has(name));
    if (c === null && !imputed.has(name))
      throw new PredictInputError(
        'value',
        `row ${i}, feature '${name}' is empty, and the model has no imputation for it`,
        i,
      );
    return c;
  });
}

/** The part of a prediction job that carries the rows, parsed for the model's inputs. */
export function predictJobRows(
  input: PredictRows,
  m: ModelInputs,
  maxRows = MAX_PREDICT_ROWS,
): Pick<PredictJob, 'rows' | 'cols' | 'data' | 'cells'> {
  if (m.textColumns) {
    const cells = parsePredictTable(input, m, maxRows);
    return { rows: cells.length, cols: m.nFeatures, data: new Float64Array(0), cells };
  }
  const X = parsePredictRows(input, m, maxRows);
  return { rows: X.rows, cols: X.cols, data: X.data };
}

type CellReader<T> = (v: unknown, i: number, name: string) => T;

/** The rows of a request, each as its cells in the model's feature order. */
function readRows<T>(input: PredictRows, m: ModelInputs, maxRows: number, cell: CellReader<T>): T[][] {
  let rows: unknown[];
  if (typeof input === 'string') rows = csvRows(input, m);
  else if (Array.isArray(input)) rows = input;
  else if (input && typeof input === 'object' && Array.isArray((input as { rows?: unknown }).rows))
    rows = (input as { rows: unknown[] }).rows;
  else
    throw new PredictInputError(
      'format',
      'send { "rows": [...] } (objects of named features, or arrays of numbers), a bare array, or text/csv',
    );
  if (rows.length === 0) throw new PredictInputError('shape', 'no rows to predict');
  if (rows.length > maxRows) {
    throw new PredictInputError('limit', `${rows.length} rows: at most ${maxRows} rows per request`);
  }
  const d = m.nFeatures;
  const index = new Map(m.featureNames.map((n, j) => [n, j]));
  return rows.map((row, i) => {
    if (Array.isArray(row)) {
      if (row.length !== d) {
        throw new PredictInputError('shape', `row ${i} has ${row.length} values, the model takes ${d}`, i);
      }
      return row.map((v, j) => cell(v, i, m.featureNames[j] ?? `#${j}`));
    }
    if (!row || typeof row !== 'object') {
      throw new PredictInputError(
        'format',
        `row ${i} is neither an object of named features nor an array`,
        i,
      );
    }
    const out = new Array<T>(d);
    const entries = Object.entries(row as Record<string, unknown>);
    for (const [k, v] of entries) {
      const j = index.get(k);
      if (j === undefined) {
        throw new PredictInputError(
          'feature',
          `row ${i}: unknown feature '${k}'; the model's features are ${m.featureNames.join(', ')}`,
          i,
        );
      }
      out[j] = cell(v, i, k);
    }
    if (entries.length !== d) {
      const missing = m.featureNames.filter((n) => !(n in (row as object)));
      throw new PredictInputError('feature', `row ${i}: missing feature(s) ${missing.join(', ')}`, i);
    }
    return out;
  });
}

function numberCell(v: unknown, i: number, name: string): number {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new PredictInputError(
      'value',
      `row ${i}, feature '${name}': ${JSON.stringify(v)} is not a finite number`,
      i,
    );
  }
  return x;
}

function rawCell(v: unknown, i: number, name: string, text: boolean): Cell {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
  if (text) {
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    throw new PredictInputError(
      'value',
      `row ${i}, feature '${name}': ${JSON.stringify(v)} is not a category (a string)`,
      i,
    );
  }
  return numberCell(v, i, name);
}

function csvRows(text: string, m: ModelInputs): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
      string,
      string
    >[];
  } catch (e) {
    throw new PredictInputError('format', `malformed CSV: ${(e as Error).message}`);
  }
  // columns not among the features (an id, the label) are ignored in CSV, unlike JSON rows
  const names = new Set(m.featureNames);
  return records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => names.has(k))));
}

/** A prediction job (runs in a worker of the server's pool, or in-process). */
export interface PredictJob {
  readonly kind: 'predict';
  /** Cache key: the record id (a record's checkpoint never changes). */
  readonly key: string;
  /** The stored checkpoint (JSON text), parsed only on a cache miss. */
  readonly checkpoint: string;
  readonly rows: number;
  readonly cols: number;
  /** The rows as numbers (row-major), for a checkpoint without input steps (else empty). */
  readonly data: Float64Array;
  /** The raw cells, for a checkpoint with input steps (imputation / encoding). */
  readonly cells?: Cell[][];
}

export interface PredictResult {
  readonly classes: Label[];
  readonly labels: Label[];
  /** n x nClasses, or null when the model has no probabilities (an SVC without probability). */
  readonly probabilities: number[][] | null;
  /** The model's decision function (SVC, LinearSVC) or joint log-likelihood (GaussianNB); else null. */
  readonly decision: number[][] | null;
}

interface LoadedModel {
  readonly model: Classifier<object, unknown>;
  readonly scaler: Scaler | null;
  readonly steps: Transformer | null;
}

const cache = new LRUCache<string, LoadedModel>({ max: PREDICT_CACHE_MODELS });
let parses = 0;

/** How many checkpoints this thread parsed (for tests: a cache hit parses nothing). */
export function checkpointParses(): number {
  return parses;
}

/** The stored checkpoint's inputs (feature names and count), without loading the model. */
export function modelInputs(ck: CardedCheckpoint): ModelInputs {
  const pre = ck.preprocessing;
  if (pre?.steps)
    return {
      featureNames: pre.feature_names,
      nFeatures: pre.feature_names.length,
      textColumns: pre.steps.text_columns,
      imputedColumns: pre.steps.imputed_columns,
    };
  const names = pre?.feature_names ?? ck.card?.dataset.feature_names;
  const featureNames =
    names && names.length === ck.nFeatures ? names : Array.from({ length: ck.nFeatures }, (_, j) => `f${j}`);
  return { featureNames, nFeatures: ck.nFeatures };
}

function load(job: PredictJob): LoadedModel {
  const hit = cache.get(job.key);
  if (hit) return hit;
  parses++;
  const ck = JSON.parse(job.checkpoint) as CardedCheckpoint;
  const pre: Preprocessing | undefined = ck.preprocessing;
  const loaded: LoadedModel = {
    model: loadCheckpoint(ck),
    scaler: pre?.scaler ? Scaler.fromJSON(pre.scaler) : null,
    steps: pre?.steps ? transformerFromState(pre.steps.state) : null,
  };
  cache.set(job.key, loaded);
  return loaded;
}

function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export async function runPredictJob(job: PredictJob): Promise<PredictResult> {
  const { model, scaler, steps } = load(job);
  let X: Matrix;
  if (steps) {
    if (!job.cells) throw new PredictInputError('format', 'this model takes raw rows (cells), not numbers');
    X = toNumeric(steps.transform(job.cells), 'predict');
  } else {
    const raw: Matrix = { rows: job.rows, cols: job.cols, data: Float64Array.from(job.data) };
    X = scaler ? scaler.transform(raw) : raw;
  }
  const labels = await model.predict(X);
  let probabilities: number[][] | null = null;
  const hasProba = !(
    model.name === 'SVC' && (model.getParams() as { probability?: boolean }).probability !== true
  );
  if (hasProba) probabilities = rowsOf(await model.predictProba(X));
  const withDecision = model as unknown as {
    decisionFunction?: (X: Matrix) => Promise<Matrix>;
    jointLogLikelihood?: (X: Matrix) => Promise<Matrix>;
  };
  let decision: number[][] | null = null;
  if (typeof withDecision.decisionFunction === 'function')
    decision = rowsOf(await withDecision.decisionFunction(X));
  else if (typeof withDecision.jointLogLikelihood === 'function')
    decision = rowsOf(await withDecision.jointLogLikelihood(X));
  return { classes: [...model.classes!], labels, probabilities, decision };
}
