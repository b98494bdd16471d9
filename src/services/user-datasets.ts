/**
 * Datasets uploaded by users: each one is a CSV file kept in `<dataDir>/datasets/` with a small JSON
 * description (label and feature columns, scaling, imputation and encoding per column, record count,
 * checksum). They become catalog
 * datasets like the built-ins, survive restarts, and travel to training workers as a `source`
 * (file + columns), so a worker thread loads them without any shared registry state.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from '../catalog/registry.js';
import type { CsvColumnStep, CsvSource, DatasetEntry, PreProcessingStep } from '../catalog/types.js';
import { AutolearnError, DataError } from '../core/errors.js';
import { loadCsvDataset } from '../datasets/csv-dataset.js';
import { readCsvTable } from '../datasets/csv-table.js';
import { loadPreparedCsv } from './prepared-dataset.js';

const TASK = 'classification';
/** Names a user may give a dataset: short, URL- and file-safe. */
export const DATASET_NAME = /^[a-z][a-z0-9_-]{0,47}$/;

export interface UserDatasetMeta {
  readonly name: string;
  readonly description: string;
  readonly label: string;
  readonly features: readonly string[];
  readonly scaling: 'standard' | 'minmax' | 'none';
  /** Imputation / encoding per feature column, when the upload chose any (absent: numbers only). */
  readonly columns?: readonly CsvColumnStep[];
  readonly nRecords: number;
  readonly sha256: string;
  readonly createdAt: number;
  /** The id of the user who uploaded it (who, besides an admin, may delete it). */
  readonly owner: string;
}

export interface UploadOptions {
  readonly name: string;
  readonly label: string;
  readonly features?: readonly string[];
  readonly scaling?: UserDatasetMeta['scaling'];
  /** Imputation of every feature column with empty cells: a SimpleImputer strategy or 'none' (default). */
  readonly impute?: string;
  /** Encoding of every text (categorical) feature column: 'onehot' or 'none' (default). */
  readonly encode?: string;
  /** The fill of the 'constant' strategy (default: 0 for numbers, 'missing_value' for text). */
  readonly fillValue?: string | number;
  /** Per-column choices, overriding `impute` / `encode` for the columns they name. */
  readonly columns?: Readonly<Record<string, ColumnChoice>>;
  readonly description?: string;
  readonly owner: string;
}

/** One column's choices at upload. */
export interface ColumnChoice {
  readonly impute?: string;
  readonly encode?: string;
}

/** Imputation strategies an upload may choose (SimpleImputer's), and 'none'. */
export const IMPUTE_CHOICES = ['none', 'mean', 'median', 'most_frequent', 'constant'] as const;
/** Encodings an upload may choose (OneHotEncoder's), and 'none'. */
export const ENCODE_CHOICES = ['none', 'onehot'] as const;

/** A dataset upload refused: bad name, name taken (by a built-in or another upload), unknown dataset. */
export class DatasetUploadError extends AutolearnError {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409,
  ) {
    super(
      { 400: 'E_BAD_REQUEST', 403: 'E_FORBIDDEN', 404: 'E_NOT_FOUND', 409: 'E_CONFLICT' }[status],
      message,
    );
  }
}

/** The catalog's pre-processing steps of an uploaded dataset (what the description and model card list). */
export function datasetSteps(meta: Pick<UserDatasetMeta, 'scaling' | 'columns'>): PreProcessingStep[] {
  const texts = [
    'label encoding: class names -> index 0..k-1 (sorted by code point)',
    'stratified shuffled train/test split (fraction split_test, seed split_seed)',
  ];
  const cols = meta.columns ?? [];
  const imputed = cols.filter((c) => c.impute);
  if (imputed.length) {
    const what = imputed.map((c) =>
      c.impute === 'constant' && c.fillValue !== null
        ? `${c.name} (constant ${JSON.stringify(c.fillValue)})`
        : `${c.name} (${c.impute})`,
    );
    texts.push(
      `imputation of empty cells (SimpleImputer): ${what.join(', ')}, fitted on the training part and applied to every part`,
    );
  }
  const encoded = cols.filter((c) => c.encode === 'onehot');
  if (encoded.length) {
    texts.push(
      `one-hot encoding (OneHotEncoder) of ${encoded.map((c) => c.name).join(', ')}: one 0/1 column per category of the training part, unseen categories -> all zeros`,
    );
  }
  if (meta.scaling !== 'none') {
    const of = cols.length ? ' of the numeric columns' : '';
    texts.push(`${meta.scaling} scaling${of}, fitted on the training part and applied to every part`);
  }
  return texts.map((computation, i) => ({ step: i + 1, computation }));
}

/** The catalog entry of a CSV source: loads (and splits) the file on demand, in any thread. */
export function csvSourceEntry(meta: UserDatasetMeta, source: CsvSource): DatasetEntry {
  return {
    name: meta.name,
    task: TASK,
    description: meta.description,
    features: meta.features,
    label: [meta.label],
    nRecords: meta.nRecords,
    preProcessing: datasetSteps(meta),
    source,
    load: (split) => loadSource(meta.name, source, split),
  };
}

/** Loads a CSV source and splits it (what a worker does with a job's `dataset.source`). */
export function loadSource(name: string, source: CsvSource, split: { test: number; seed: number }) {
  const columns = source.columns;
  if (columns) return loadPreparedCsv(name, { ...source, columns }, split);
  return loadCsvDataset(source.file, {
    name,
    label: source.label,
    features: source.features,
    scaler: source.scaling === 'none' ? null : source.scaling,
    split,
  });
}

export class UserDatasets {
  private constructor(
    private readonly dir: string,
    private readonly registry: Registry,
    private readonly metas: Map<string, UserDatasetMeta>,
  ) {}

  /** Opens `<dataDir>/datasets` and registers every dataset found there. */
  static async open(dataDir: string, registry: Registry): Promise<UserDatasets> {
    const dir = join(dataDir, 'datasets');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const metas = new Map<string, UserDatasetMeta>();
    for (const f of await readdir(dir)) {
      if (!f.endsWith('.json')) continue;
      const meta = JSON.parse(await readFile(join(dir, f), 'utf8')) as UserDatasetMeta;
      metas.set(meta.name, meta);
    }
    const store = new UserDatasets(dir, registry, metas);
    for (const meta of metas.values()) store.register(meta);
    return store;
  }

  list(): UserDatasetMeta[] {
    return [...this.metas.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  get(name: string): UserDatasetMeta | undefined {
    return this.metas.get(name);
  }

  /**
   * Checks and keeps an uploaded CSV (already written to `tmpFile`): the name is free, the columns
   * exist, every cell parses (typed CsvError with line and column otherwise). Moves the file in.
   */
  async add(tmpFile: string, o: UploadOptions): Promise<UserDatasetMeta> {
    if (!DATASET_NAME.test(o.name))
      throw new DatasetUploadError(
        `dataset name '${o.name}' must match ${DATASET_NAME} (lower case, digits, _ and -)`,
        400,
      );
    if (this.registry.dataset(o.name, TASK))
      throw new DatasetUploadError(`a dataset named '${o.name}' exists already`, 409);
    const scaling = o.scaling ?? 'standard';
    if (!['standard', 'minmax', 'none'].includes(scaling))
      throw new DatasetUploadError(`scaling '${scaling}' is not one of standard, minmax, none`, 400);
    const { features, nRecords, columns } = await inspectUpload(tmpFile, o);
    const file = join(this.dir, `${o.name}.csv`);
    const meta: UserDatasetMeta = {
      name: o.name,
      description: o.description?.trim() || `uploaded CSV (${nRecords} records)`,
      label: o.label,
      features,
      scaling,
      ...(columns ? { columns } : {}),
      nRecords,
      sha256: await sha256(tmpFile),
      createdAt: Date.now(),
      owner: o.owner,
    };
    await rename(tmpFile, file);
    await chmod(file, 0o600);
    await writeFile(join(this.dir, `${o.name}.json`), JSON.stringify(meta, null, 2), { mode: 0o600 });
    this.metas.set(meta.name, meta);
    this.register(meta);
    return meta;
  }

  /** The first `n` data lines of an uploaded file (header included), as text rows. */
  async preview(name: string, n = 10): Promise<string[]> {
    if (!this.metas.has(name)) throw new DatasetUploadError(`no uploaded dataset '${name}'`, 404);
    const text = await readFile(join(this.dir, `${name}.csv`), 'utf8');
    return text.split(/\r?\n/, n + 1).filter((l) => l !== '');
  }

  /** Deletes an upload; only its owner or an admin may (`by`: the acting user). */
  async remove(name: string, by: { readonly id: string; readonly role: string }): Promise<void> {
    const meta = this.metas.get(name);
    if (!meta) throw new DatasetUploadError(`no uploaded dataset '${name}'`, 404);
    if (meta.owner !== by.id && by.role !== 'admin')
      throw new DatasetUploadError(`only the user who uploaded '${name}' or an admin may delete it`, 403);
    this.metas.delete(name);
    this.registry.unregisterDataset(name, TASK);
    await rm(join(this.dir, `${name}.json`), { force: true });
    await rm(join(this.dir, `${name}.csv`), { force: true });
  }

  private register(meta: UserDatasetMeta): void {
    const source: CsvSource = {
      kind: 'csv',
      file: join(this.dir, `${meta.name}.csv`),
      label: meta.label,
      features: meta.features,
      scaling: meta.scaling,
      ...(meta.columns ? { columns: meta.columns } : {}),
    };
    // the same file registered earlier in this process (the data dir opened again): replace it
    if (this.registry.dataset(meta.name, TASK)?.source?.file === source.file)
      this.registry.unregisterDataset(meta.name, TASK);
    this.registry.registerDataset(csvSourceEntry(meta, source));
  }
}

function choice<T extends string>(
  v: string | undefined,
  allowed: readonly T[],
  what: string,
  where: string,
): T | undefined {
  if (v === undefined) return undefined;
  if (what === 'encoding' && v === 'ordinal') {
    throw new DatasetUploadError(
      `encoding 'ordinal'${where} is not supported: autolearn's preprocessing has a OneHotEncoder and no ordinal encoder; choose one of ${allowed.join(', ')}`,
      400,
    );
  }
  if (!allowed.includes(v as T))
    throw new DatasetUploadError(
      `${what} '${v}'${where} is not allowed; choose one of ${allowed.join(', ')}`,
      400,
    );
  return v as T;
}

/**
 * Reads an upload and settles its column plan. Without any imputation or encoding chosen every cell
 * must be a number (a CsvError with line and column otherwise, as before). With some, the file is
 * read with text and empty cells kept; each feature column gets its imputer (the per-column choice,
 * else the global one when the column has empty cells) and its encoder (text columns), and a
 * column left with text or empty cells is refused by the numeric reader, with line and column.
 */
async function inspectUpload(
  file: string,
  o: UploadOptions,
): Promise<{ features: string[]; nRecords: number; columns?: CsvColumnStep[] }> {
  const impute = choice(o.impute, IMPUTE_CHOICES, 'imputation', '');
  const encode = choice(o.encode, ENCODE_CHOICES, 'encoding', '');
  const perColumn = Object.entries(o.columns ?? {});
  const chosen =
    (impute ?? 'none') !== 'none' ||
    (encode ?? 'none') !== 'none' ||
    perColumn.some(([, c]) => (c.impute ?? 'none') !== 'none' || (c.encode ?? 'none') !== 'none');
  const numeric = () => loadCsvDataset(file, { label: o.label, features: o.features, scaler: null });
  if (!chosen) {
    const ds = await numeric();
    return { features: [...ds.featureNames], nRecords: ds.nRecords };
  }
  const t = await readCsvTable(file, { label: o.label, features: o.features });
  for (const [name] of perColumn) {
    if (t.featureNames.includes(name)) continue;
    const why =
      name === t.labelName ? `'${name}' is the label column, not a feature` : `unknown column '${name}'`;
    throw new DatasetUploadError(
      `per-column choice: ${why}; the feature columns are ${t.featureNames.join(', ')}`,
      400,
    );
  }
  const columns = t.featureNames.map((name, j): CsvColumnStep => {
    const kind = t.textColumns.includes(name) ? 'text' : 'number';
    let missing = 0;
    for (const r of t.rows) if (r[j] === null) missing++;
    const c = o.columns?.[name] ?? {};
    const where = ` for column '${name}'`;
    const ownImpute = choice(c.impute, IMPUTE_CHOICES, 'imputation', where);
    const ownEncode = choice(c.encode, ENCODE_CHOICES, 'encoding', where);
    const im = ownImpute ?? (missing > 0 ? impute : undefined) ?? 'none';
    if (ownEncode === 'onehot' && kind === 'number')
      throw new DatasetUploadError(
        `encoding 'onehot' asked for column '${name}', which holds numbers; encodings apply to text (categorical) columns`,
        400,
      );
    const en = ownEncode ?? (kind === 'text' ? encode : undefined) ?? 'none';
    if (kind === 'text' && (im === 'mean' || im === 'median'))
      throw new DatasetUploadError(
        `imputation '${im}'${where} needs numbers, but '${name}' holds text; use most_frequent or constant`,
        400,
      );
    return {
      name,
      kind,
      missing,
      impute: im === 'none' ? null : im,
      fillValue: im === 'constant' ? fillFor(o.fillValue, kind, name) : null,
      encode: en === 'none' ? null : en,
    };
  });
  const plain = columns.filter((c) => c.impute === null && c.encode === null);
  if (plain.some((c) => c.kind === 'text' || c.missing > 0)) {
    // the numeric reader names the first bad cell (line and column) of the columns left as they are
    await loadCsvDataset(file, { label: o.label, features: plain.map((c) => c.name), scaler: null });
    throw new DataError('a feature column without encoding holds text or empty cells');
  }
  const text = columns.find((c) => c.kind === 'text' && c.encode === null);
  if (text)
    throw new DatasetUploadError(`column '${text.name}' holds text; choose an encoding for it (onehot)`, 400);
  const any = columns.some((c) => c.impute !== null || c.encode !== null);
  return { features: t.featureNames, nRecords: t.rows.length, ...(any ? { columns } : {}) };
}

function fillFor(
  v: string | number | undefined,
  kind: 'number' | 'text',
  name: string,
): number | string | null {
  if (v === undefined || v === '') return null;
  if (kind === 'text') return String(v);
  const x = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(x))
    throw new DatasetUploadError(
      `fill value ${JSON.stringify(v)} for the numeric column '${name}' is not a number`,
      400,
    );
  return x;
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
