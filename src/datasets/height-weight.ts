/**
 * Height-Weight (4231 people: sex, BMI, height cm, weight kg; task: predict sex). The file is not
 * shipped: it is read from a configured data folder, else the package's datasets/ folder, else
 * downloaded once from the seed project's public copy into a cache. Every copy is checked against
 * its sha256 (ChecksumError otherwise).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetLoadOptions } from './builtin-options.js';
import { loadCsvDataset } from './csv-dataset.js';
import type { Dataset } from './dataset.js';
import { fetchWithChecksum, verifyChecksum } from './fetch.js';

export const HEIGHT_WEIGHT_FILE = 'height_weight.csv';
export const HEIGHT_WEIGHT_URL =
  'https://raw.githubusercontent.com/rscdev7/autolearn/main/code/frameworks/MLEngine/test/height_weight.csv';
export const HEIGHT_WEIGHT_SHA256 = '9406827f992d6e44c60f7af8439794d2d89be45c661e0b8b1f032f12d56f9314';
export const HEIGHT_WEIGHT_FEATURES = ['BMI', 'height', 'weight'] as const;
export const HEIGHT_WEIGHT_LABEL = 'sex';
export const HEIGHT_WEIGHT_DESCRIPTION =
  'Height-Weight: 4231 adults (2285 F, 1946 M; 1368 distinct rows) with BMI, height (cm) and weight (kg); task: classify sex from BMI, height and weight.';

/** The package's datasets/ folder (same relative place from src/ and from dist/). */
export const PACKAGE_DATASETS_DIR = fileURLToPath(new URL('../../datasets/', import.meta.url));

export interface HeightWeightOptions extends DatasetLoadOptions {
  /** Folder holding height_weight.csv (default: $AUTOLEARN_DATA_DIR). */
  readonly dataDir?: string;
  /** Download source (default: the seed project's public copy). */
  readonly url?: string;
  /** Download cache folder (default: defaultCacheDir()). */
  readonly cacheDir?: string;
  /** Folder searched after dataDir (default: the package's datasets/; null to skip). */
  readonly repoDir?: string | null;
}

export interface ResolvedFile {
  readonly path: string;
  readonly origin: 'dataDir' | 'repo' | 'cache' | 'download';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Finds (or downloads) a verified height_weight.csv and says where it came from. */
export async function resolveHeightWeightFile(options: HeightWeightOptions = {}): Promise<ResolvedFile> {
  const dataDir = options.dataDir ?? process.env.AUTOLEARN_DATA_DIR;
  if (dataDir) {
    const p = join(dataDir, HEIGHT_WEIGHT_FILE);
    if (await isFile(p)) {
      await verifyChecksum(p, HEIGHT_WEIGHT_SHA256);
      return { path: p, origin: 'dataDir' };
    }
  }
  const repoDir = options.repoDir === undefined ? PACKAGE_DATASETS_DIR : options.repoDir;
  if (repoDir !== null) {
    const p = join(repoDir, HEIGHT_WEIGHT_FILE);
    if (await isFile(p)) {
      await verifyChecksum(p, HEIGHT_WEIGHT_SHA256);
      return { path: p, origin: 'repo' };
    }
  }
  const fetched = await fetchWithChecksum(options.url ?? HEIGHT_WEIGHT_URL, {
    sha256: HEIGHT_WEIGHT_SHA256,
    cacheDir: options.cacheDir,
    fileName: HEIGHT_WEIGHT_FILE,
  });
  return { path: fetched.path, origin: fetched.fromCache ? 'cache' : 'download' };
}

/**
 * A loaded Height-Weight Dataset (label 'sex': F/M; standard scaling unless `scaler: null`).
 *
 * @example
 * ```ts
 * import { loadHeightWeight } from 'autolearn';
 *
 * try {
 *   const hw = await loadHeightWeight({ split: { test: 0.25, seed: 0 } });
 *   console.log(hw.nRecords, hw.classes);
 * } catch (e) {
 *   console.error(`Height-Weight is not available here: ${(e as Error).message}`);
 * }
 * ```
 */
export async function loadHeightWeight(options: HeightWeightOptions = {}): Promise<Dataset> {
  const { path } = await resolveHeightWeightFile(options);
  return loadCsvDataset(path, {
    name: 'height_weight',
    description: HEIGHT_WEIGHT_DESCRIPTION,
    label: HEIGHT_WEIGHT_LABEL,
    features: HEIGHT_WEIGHT_FEATURES,
    labelType: 'string',
    scaler: options.scaler === undefined ? 'standard' : options.scaler,
    split: options.split,
  });
}
