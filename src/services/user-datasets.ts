/**
 * Datasets uploaded by users: each one is a CSV file kept in `<dataDir>/datasets/` with a small JSON
 * description (label and feature columns, scaling, record count, checksum). They become catalog
 * datasets like the built-ins, survive restarts, and travel to training workers as a `source`
 * (file + columns), so a worker thread loads them without any shared registry state.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from '../catalog/registry.js';
import type { CsvSource, DatasetEntry } from '../catalog/types.js';
import { AutolearnError } from '../core/errors.js';
import { loadCsvDataset } from '../datasets/csv-dataset.js';

const TASK = 'classification';
/** Names a user may give a dataset: short, URL- and file-safe. */
export const DATASET_NAME = /^[a-z][a-z0-9_-]{0,47}$/;

export interface UserDatasetMeta {
  readonly name: string;
  readonly description: string;
  readonly label: string;
  readonly features: readonly string[];
  readonly scaling: 'standard' | 'minmax' | 'none';
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
  readonly description?: string;
  readonly owner: string;
}

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

/** The catalog entry of a CSV source: loads (and splits) the file on demand, in any thread. */
export function csvSourceEntry(meta: UserDatasetMeta, source: CsvSource): DatasetEntry {
  return {
    name: meta.name,
    task: TASK,
    description: meta.description,
    features: meta.features,
    label: [meta.label],
    nRecords: meta.nRecords,
    preProcessing: [
      { step: 1, computation: 'label encoding: class names -> index 0..k-1 (sorted by code point)' },
      { step: 2, computation: 'stratified shuffled train/test split (fraction split_test, seed split_seed)' },
      ...(meta.scaling === 'none'
        ? []
        : [
            {
              step: 3,
              computation: `${meta.scaling} scaling, fitted on the training part and applied to every part`,
            },
          ]),
    ],
    source,
    load: (split) => loadSource(meta.name, source, split),
  };
}

/** Loads a CSV source and splits it (what a worker does with a job's `dataset.source`). */
export function loadSource(name: string, source: CsvSource, split: { test: number; seed: number }) {
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
    const ds = await loadCsvDataset(tmpFile, {
      name: o.name,
      label: o.label,
      features: o.features,
      scaler: null,
    });
    const file = join(this.dir, `${o.name}.csv`);
    const meta: UserDatasetMeta = {
      name: o.name,
      description: o.description?.trim() || `uploaded CSV (${ds.nRecords} records)`,
      label: o.label,
      features: [...ds.featureNames],
      scaling,
      nRecords: ds.nRecords,
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
    };
    // the same file registered earlier in this process (the data dir opened again): replace it
    if (this.registry.dataset(meta.name, TASK)?.source?.file === source.file)
      this.registry.unregisterDataset(meta.name, TASK);
    this.registry.registerDataset(csvSourceEntry(meta, source));
  }
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
