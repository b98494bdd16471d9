/**
 * The benchmark's datasets, written once to benchmarks/.data/ as CSV pairs (header f0..f{d-1},label,
 * integer labels) so every system reads identical data: synthetic sets from our makeClassification
 * (3 classes, 20 features, 10 informative, seed 0, rows permuted then split), Iris and Height-Weight
 * (raw features, our Dataset's stratified 70/30 split, seed 0), plus any `<name>_train.csv` / `<name>_test.csv` pair of a --data-dir.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../src/core/rng.js';
import { ensureBinary, writeBinary } from './binary.js';
import { type CsvPair, discoverPairs, writeNumericCsv } from './csv.js';

export interface BenchDataset extends CsvPair {
  /** Prefixes of the binary copies every child reads (lib/binary.ts). */
  trainBin: string;
  testBin: string;
  nTrain: number;
  nTest: number;
  d: number;
  /** 'builtin' or the --data-dir it came from. */
  origin: string;
}

export interface SyntheticSpec {
  name: string;
  nTrain: number;
  nTest: number;
}

export const SYNTHETIC: readonly SyntheticSpec[] = [
  { name: 'syn1k', nTrain: 700, nTest: 300 },
  { name: 'syn10k', nTrain: 7_000, nTest: 3_000 },
  { name: 'syn20k', nTrain: 14_000, nTest: 6_000 },
  { name: 'syn100k', nTrain: 70_000, nTest: 30_000 },
  { name: 'syn1m', nTrain: 700_000, nTest: 300_000 },
];
export const BUILTIN_REAL = ['iris', 'height-weight'] as const;
export const N_FEATURES = 20;
export const N_INFORMATIVE = 10;
export const N_CLASSES = 3;
export const SEED = 0;
export const TEST_FRACTION = 0.3;

/** Bump when the way a built-in set is produced changes: cached files with another version are rewritten. */
const FORMAT_VERSION = 2;

interface Part {
  X: Float64Array;
  y: Int32Array;
}

/** A Dataset part / LabeledData ({X: Matrix, y: class indices}) as flat arrays (no copy). */
function asPart(data: unknown, what: string): Part & { d: number } {
  const v = data as { X?: { rows: number; cols: number; data: Float64Array }; y?: unknown };
  if (!v?.X || !(v.X.data instanceof Float64Array) || !(v.y instanceof Int32Array)) {
    throw new Error(`${what} did not return {X: Matrix, y: Int32Array}`);
  }
  if (v.y.length !== v.X.rows) throw new Error(`${what} returned ${v.X.rows} rows but ${v.y.length} labels`);
  return { X: v.X.data.subarray(0, v.X.rows * v.X.cols), y: v.y, d: v.X.cols };
}

function take(full: Part & { d: number }, idx: Int32Array): Part {
  const { d } = full;
  const X = new Float64Array(idx.length * d);
  const y = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    X.set(full.X.subarray(i * d, (i + 1) * d), k * d);
    y[k] = full.y[i]!;
  }
  return { X, y };
}

/** Number of data lines of a CSV (lines after the header). */
export function countDataLines(file: string): number {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  let last = 10;
  try {
    for (let pos = 0; ; ) {
      const got = readSync(fd, buf, 0, buf.length, pos);
      if (got === 0) break;
      for (let i = 0; i < got; i++) if (buf[i] === 10) n++;
      last = buf[got - 1]!;
      pos += got;
    }
  } finally {
    closeSync(fd);
  }
  return Math.max(0, (last === 10 ? n : n + 1) - 1);
}

function headerWidth(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const got = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.toString('latin1', 0, got).split('\n')[0]!.trim();
    return line.split(',').length - 1;
  } finally {
    closeSync(fd);
  }
}

async function datasetsModule(): Promise<Record<string, unknown>> {
  // Resolved at run time so the harness builds and runs (minus these sets) while src/datasets is in progress.
  return (await import(new URL('../../src/datasets/index.ts', import.meta.url).href)) as Record<
    string,
    unknown
  >;
}

/** Writes one part with the datasets module's writeCsv (header f0..f{d-1},label), or our own writer if it has none. */
async function writePart(file: string, part: { X: Float64Array; y: Int32Array }, d: number): Promise<void> {
  const ds = await datasetsModule();
  const writeCsv = ds.writeCsv as
    | ((
        f: string,
        X: { rows: number; cols: number; data: Float64Array },
        y: ArrayLike<number>,
      ) => Promise<void>)
    | undefined;
  if (typeof writeCsv === 'function')
    await writeCsv(file, { rows: part.y.length, cols: d, data: part.X }, part.y);
  else writeNumericCsv(file, part.X, part.y, d);
}

/** The shared copy of height_weight.csv next to the repository (SPEC: ../shared/datasets), if present. */
function sharedDataDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
  return existsSync(join(dir, 'height_weight.csv')) ? dir : undefined;
}

async function generate(name: string): Promise<{ train: Part; test: Part; d: number }> {
  const ds = await datasetsModule();
  const call = (fn: string, ...args: unknown[]): Promise<unknown> => {
    const f = ds[fn];
    if (typeof f !== 'function') throw new Error(`src/datasets/index.ts does not export ${fn}`);
    return Promise.resolve((f as (...a: unknown[]) => unknown)(...args));
  };
  const syn = SYNTHETIC.find((s) => s.name === name);
  if (syn) {
    const options = {
      nSamples: syn.nTrain + syn.nTest,
      nFeatures: N_FEATURES,
      nInformative: N_INFORMATIVE,
      nClasses: N_CLASSES,
      seed: SEED,
    };
    const full = asPart(await call('makeClassification', options), 'makeClassification');
    // A seeded permutation, then the first nTrain rows train and the rest test.
    const perm = new Rng(SEED + 1).shuffle(Int32Array.from({ length: full.y.length }, (_, i) => i));
    return {
      train: take(full, perm.subarray(0, syn.nTrain)),
      test: take(full, perm.subarray(syn.nTrain)),
      d: full.d,
    };
  }
  // Raw features (no scaler: each system standardizes per the protocol), seeded stratified split.
  const options: Record<string, unknown> = {
    scaler: null,
    split: { test: TEST_FRACTION, seed: SEED, stratify: true },
  };
  if (name === 'height-weight') {
    const shared = process.env.AUTOLEARN_DATA_DIR ? undefined : sharedDataDir();
    if (shared) options.dataDir = shared;
  }
  const loader = name === 'iris' ? 'loadIris' : 'loadHeightWeight';
  const dataset = (await call(loader, options)) as { part(p: string): unknown };
  const train = asPart(dataset.part('train'), `${loader}().part('train')`);
  const test = asPart(dataset.part('test'), `${loader}().part('test')`);
  return { train, test, d: train.d };
}

/**
 * Writes (or reuses) the built-in set `name` in `dir`. Returns null plus a reason when our dataset
 * helpers cannot produce it.
 */
export async function prepareBuiltin(
  name: string,
  dir: string,
  regenerate = false,
): Promise<{ dataset: BenchDataset | null; reason?: string }> {
  mkdirSync(dir, { recursive: true });
  const train = join(dir, `${name}_train.csv`);
  const test = join(dir, `${name}_test.csv`);
  const metaFile = join(dir, `${name}.meta.json`);
  const wantMeta = { version: FORMAT_VERSION, name, seed: SEED };
  type Meta = { version: number; nTrain: number; nTest: number; d: number; complete?: boolean };
  let meta: Meta | null = null;
  if (!regenerate && existsSync(train) && existsSync(test) && existsSync(metaFile)) {
    try {
      const m = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
      if (m.version === FORMAT_VERSION && m.complete === true) meta = m;
    } catch {
      meta = null;
    }
  }
  if (!meta) {
    let gen: Awaited<ReturnType<typeof generate>>;
    try {
      gen = await generate(name);
    } catch (e) {
      return { dataset: null, reason: (e as Error).message };
    }
    await writePart(train, gen.train, gen.d);
    await writePart(test, gen.test, gen.d);
    writeBinary(binPrefix(train), gen.train.X, gen.train.y, gen.d);
    writeBinary(binPrefix(test), gen.test.X, gen.test.y, gen.d);
    meta = { ...wantMeta, nTrain: gen.train.y.length, nTest: gen.test.y.length, d: gen.d };
    writeFileSync(metaFile, `${JSON.stringify({ ...meta, complete: true })}\n`);
  }
  ensureBinary(train, binPrefix(train));
  ensureBinary(test, binPrefix(test));
  return {
    dataset: {
      name,
      train,
      test,
      trainBin: binPrefix(train),
      testBin: binPrefix(test),
      nTrain: meta.nTrain,
      nTest: meta.nTest,
      d: meta.d,
      origin: 'builtin',
    },
  };
}

/** The binary copy of a built-in CSV lives next to it (`x_train.csv` -> `x_train.f64/.i32/.json`). */
function binPrefix(csv: string): string {
  return csv.replace(/\.csv$/, '');
}

/**
 * The CSV pairs of an external folder, with their sizes; unpaired files are returned for a warning.
 * Their binary copies go to `binDir` (the benchmark's cache) as `ext-<name>_train` / `_test`.
 */
export function externalDatasets(
  dir: string,
  binDir: string,
): { datasets: BenchDataset[]; unpaired: string[] } {
  const { pairs, unpaired } = discoverPairs(dir);
  mkdirSync(binDir, { recursive: true });
  return {
    datasets: pairs.map((p) => {
      const trainBin = join(binDir, `ext-${p.name}_train`);
      const testBin = join(binDir, `ext-${p.name}_test`);
      ensureBinary(p.train, trainBin);
      ensureBinary(p.test, testBin);
      return {
        ...p,
        trainBin,
        testBin,
        nTrain: countDataLines(p.train),
        nTest: countDataLines(p.test),
        d: headerWidth(p.train),
        origin: dir,
      };
    }),
    unpaired,
  };
}
