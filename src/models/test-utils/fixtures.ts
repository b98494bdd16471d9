/**
 * Loads the scikit-learn parity fixtures written by `scripts/make-fixtures.py`
 * (src/models/fixtures/*.json): decodes the inline data or reads the shared Height-Weight CSV
 * (checked by sha256), applies the stored split and the train-fitted StandardScaler.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Label } from '../../core/data.js';
import { type Matrix, takeRows } from '../../core/matrix.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURE_DIR = join(REPO_ROOT, 'src/models/fixtures');

export interface EncodedMatrix {
  readonly dtype: 'float64' | 'float32';
  readonly rows: number;
  readonly cols: number;
  readonly base64: string;
}

export interface SeedAccuracy {
  readonly seeds: number[];
  readonly accuracies: number[];
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface FixtureModel {
  readonly key: string;
  readonly family: string;
  /** Fitted on standardized features (the stored train-fitted scaler). */
  readonly scaled: boolean;
  /** Our hyper-parameters (camelCase), the same as `sklearn.params` in meaning. */
  readonly params: Record<string, unknown>;
  readonly sklearn: { readonly estimator: string; readonly params: Record<string, unknown> };
  readonly accuracy: number;
  readonly predictions: Label[];
  readonly coef?: number[][];
  readonly intercept?: number[];
  readonly nSupport?: number[];
  readonly theta?: number[][];
  readonly var?: number[][];
  readonly classPrior?: number[];
  readonly epsilon?: number;
  readonly seedAccuracy?: SeedAccuracy;
}

export interface CsvSource {
  readonly kind: 'csv';
  readonly file: string;
  readonly sha256: string;
  readonly labelColumn: string;
  readonly featureColumns: string[];
}

export interface InlineSource {
  readonly kind: 'inline';
  readonly X: EncodedMatrix;
  readonly y: Label[];
}

export interface Fixture {
  readonly dataset: string;
  readonly description: string;
  readonly sklearnVersion: string;
  readonly featureNames: string[];
  readonly classes: Label[];
  readonly nRows: number;
  readonly source: CsvSource | InlineSource;
  readonly split: {
    testSize: number;
    randomState: number;
    stratify: boolean;
    train: number[];
    test: number[];
  };
  readonly scaler: { mean: number[]; scale: number[] };
  /** Test labels, for inline data only (CSV-backed sets are checked by the file's sha256). */
  readonly yTest?: Label[];
  readonly models: FixtureModel[];
}

/** A fixture with its data ready to fit: raw and standardized train/test parts. */
export interface FixtureData {
  readonly fixture: Fixture;
  readonly Xtrain: Matrix;
  readonly Xtest: Matrix;
  readonly XtrainScaled: Matrix;
  readonly XtestScaled: Matrix;
  readonly yTrain: Label[];
  readonly yTest: Label[];
}

export type LoadResult = { ok: true; data: FixtureData } | { ok: false; reason: string };

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function readFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Fixture;
}

export function decodeMatrix(m: EncodedMatrix): Matrix {
  const bytes = Buffer.from(m.base64, 'base64');
  const n = m.rows * m.cols;
  const width = m.dtype === 'float64' ? 8 : 4;
  if (bytes.length !== n * width)
    throw new Error(`encoded matrix has ${bytes.length} bytes, expected ${n * width}`);
  const data = new Float64Array(n);
  for (let k = 0; k < n; k++) data[k] = width === 8 ? bytes.readDoubleLE(k * 8) : bytes.readFloatLE(k * 4);
  return { rows: m.rows, cols: m.cols, data };
}

/**
 * Where the shared data folder holding `file` is: `../shared/datasets` next to the repo, else
 * `$AUTOLEARN_SHARED_DIR` (the folder itself or its `datasets/`). Null when not found.
 */
export function findSharedFile(file: string): string | null {
  const candidates = [join(REPO_ROOT, '../shared/datasets', file)];
  const env = process.env.AUTOLEARN_SHARED_DIR;
  if (env) candidates.push(join(env, file), join(env, 'datasets', file));
  return candidates.find((p) => existsSync(p)) ?? null;
}

function loadCsv(src: CsvSource): { X: Matrix; y: Label[] } | string {
  const path = findSharedFile(src.file);
  if (!path) {
    return `${src.file} not found in ../shared/datasets (relative to ${REPO_ROOT}) nor in $AUTOLEARN_SHARED_DIR`;
  }
  const raw = readFileSync(path);
  const digest = createHash('sha256').update(raw).digest('hex');
  if (digest !== src.sha256)
    throw new Error(`${path}: sha256 ${digest}, the fixture was made from ${src.sha256}`);
  const lines = raw
    .toString('utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = (lines[0] as string).split(',');
  const fi = src.featureColumns.map((c) => header.indexOf(c));
  const li = header.indexOf(src.labelColumn);
  if (li < 0 || fi.some((i) => i < 0))
    throw new Error(`${path}: missing columns in header ${header.join(',')}`);
  const rows = lines.length - 1;
  const data = new Float64Array(rows * fi.length);
  const y: Label[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const cells = (lines[r + 1] as string).split(',');
    for (let j = 0; j < fi.length; j++) data[r * fi.length + j] = Number(cells[fi[j] as number]);
    y[r] = cells[li] as string;
  }
  return { X: { rows, cols: fi.length, data }, y };
}

export function standardize(X: Matrix, mean: readonly number[], scale: readonly number[]): Matrix {
  const out = new Float64Array(X.data.length);
  const c = X.cols;
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < c; j++)
      out[i * c + j] = ((X.data[i * c + j] as number) - (mean[j] as number)) / (scale[j] as number);
  }
  return { rows: X.rows, cols: c, data: out };
}

export function loadFixture(name: string): LoadResult {
  const fixture = readFixture(name);
  let X: Matrix;
  let y: Label[];
  if (fixture.source.kind === 'csv') {
    const loaded = loadCsv(fixture.source);
    if (typeof loaded === 'string') return { ok: false, reason: loaded };
    X = loaded.X;
    y = loaded.y;
  } else {
    X = decodeMatrix(fixture.source.X);
    y = fixture.source.y;
  }
  if (X.rows !== fixture.nRows) throw new Error(`${name}: ${X.rows} rows, fixture expects ${fixture.nRows}`);
  const { train, test } = fixture.split;
  const Xtrain = takeRows(X, train);
  const Xtest = takeRows(X, test);
  const yTest = test.map((i) => y[i] as Label);
  const stored = fixture.yTest;
  if (stored && yTest.some((v, k) => v !== stored[k]))
    throw new Error(`${name}: test labels differ from the fixture's`);
  return {
    ok: true,
    data: {
      fixture,
      Xtrain,
      Xtest,
      XtrainScaled: standardize(Xtrain, fixture.scaler.mean, fixture.scaler.scale),
      XtestScaled: standardize(Xtest, fixture.scaler.mean, fixture.scaler.scale),
      yTrain: train.map((i) => y[i] as Label),
      yTest,
    },
  };
}
