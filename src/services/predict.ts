/**
 * Inference on a stored model: rows in (named features as objects, arrays, or CSV text), labels,
 * class probabilities (where the model has them) and decision values out. The checkpoint is parsed
 * once per thread and kept in a bounded LRU (`PREDICT_CACHE_MODELS` models); the raw rows get the
 * training Dataset's scaler (the checkpoint's `preprocessing`) before the model sees them.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { LRUCache } from 'lru-cache';
import type { Label } from '../core/data.js';
import { AutolearnError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { Scaler } from '../datasets/scalers.js';
import type { Classifier } from '../models/base.js';
import { loadCheckpoint } from '../models/load-checkpoint.js';
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
}

/** The request body: `{ rows }`, a bare array of rows, or CSV text with a header of feature names. */
export type PredictRows = unknown;

/**
 * Rows -> a dense matrix in the model's feature order. Object rows must name exactly the model's
 * features; array rows must have exactly nFeatures values; CSV needs a header naming the features.
 */
export function parsePredictRows(input: PredictRows, m: ModelInputs, maxRows = MAX_PREDICT_ROWS): Matrix {
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
  const data = new Float64Array(rows.length * d);
  const index = new Map(m.featureNames.map((n, j) => [n, j]));
  rows.forEach((row, i) => {
    if (Array.isArray(row)) {
      if (row.length !== d) {
        throw new PredictInputError('shape', `row ${i} has ${row.length} values, the model takes ${d}`, i);
      }
      row.forEach((v, j) => {
        data[i * d + j] = cell(v, i, m.featureNames[j] ?? `#${j}`);
      });
      return;
    }
    if (!row || typeof row !== 'object') {
      throw new PredictInputError(
        'format',
        `row ${i} is neither an object of named features nor an array`,
        i,
      );
    }
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
      data[i * d + j] = cell(v, i, k);
    }
    if (entries.length !== d) {
      const missing = m.featureNames.filter((n) => !(n in (row as object)));
      throw new PredictInputError('feature', `row ${i}: missing feature(s) ${missing.join(', ')}`, i);
    }
  });
  return { rows: rows.length, cols: d, data };
}

function cell(v: unknown, i: number, name: string): number {
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
  readonly data: Float64Array;
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
}

const cache = new LRUCache<string, LoadedModel>({ max: PREDICT_CACHE_MODELS });
let parses = 0;

/** How many checkpoints this thread parsed (for tests: a cache hit parses nothing). */
export function checkpointParses(): number {
  return parses;
}

/** The stored checkpoint's inputs (feature names and count), without loading the model. */
export function modelInputs(ck: CardedCheckpoint): ModelInputs {
  const names = ck.preprocessing?.feature_names ?? ck.card?.dataset.feature_names;
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
  };
  cache.set(job.key, loaded);
  return loaded;
}

function rowsOf(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export async function runPredictJob(job: PredictJob): Promise<PredictResult> {
  const { model, scaler } = load(job);
  const raw: Matrix = { rows: job.rows, cols: job.cols, data: Float64Array.from(job.data) };
  const X = scaler ? scaler.transform(raw) : raw;
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
