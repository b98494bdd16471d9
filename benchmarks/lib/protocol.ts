/**
 * The timing protocol every TypeScript child runner follows (benchmarks/sklearn_bench.py mirrors it):
 * load the CSV pair, standardize (train statistics) for the models that need it, then up to 3 timed
 * fits (1 when the first takes over 20 s), each followed by a timed predict on the test part. The
 * child reports progress as JSON lines on stdout so the parent can enforce a per-fit time cap and
 * still use what finished before it.
 */
import { readFileSync } from 'node:fs';
import { type NumericTable, readNumericCsv } from './csv.js';
import { type ModelName, STANDARDIZED_MODELS } from './schema.js';
import { type Scores, scores, standardize } from './stats.js';

export const MAX_REPEATS = 3;
export const SINGLE_FIT_OVER_S = 20;

/** One JSON line from a child. */
export type ChildEvent =
  | { ev: 'loaded'; n_train: number; n_test: number; d: number }
  | { ev: 'fit'; s: number }
  | { ev: 'predict'; s: number; scores: Scores }
  | { ev: 'done'; peak_rss_mb: number; note: string }
  | { ev: 'error'; message: string };

/** What a system's adapter builds for one model on one prepared dataset. */
export interface Trial {
  fit(): Promise<void> | void;
  predict(): Promise<ArrayLike<number>> | ArrayLike<number>;
  /** Caveats worth a note (adapter substitutions, non-convergence); read after the last fit. */
  note?(): string;
  dispose?(): void;
}

export interface Prepared {
  train: NumericTable;
  test: NumericTable;
}

export function emit(e: ChildEvent): void {
  process.stdout.write(`${JSON.stringify(e)}\n`);
}

export function loadPair(model: ModelName, trainFile: string, testFile: string): Prepared {
  const train = readNumericCsv(trainFile);
  const test = readNumericCsv(testFile);
  if (train.d !== test.d)
    throw new Error(`${trainFile} has ${train.d} features but ${testFile} has ${test.d}`);
  if (STANDARDIZED_MODELS.includes(model)) standardize(train.X, test.X, train.d);
  return { train, test };
}

/** Runs the fit/predict repeats, emitting events; returns nothing (the parent builds the row). */
export async function runTrials(
  data: Prepared,
  make: () => Trial | Promise<Trial>,
  repeats = MAX_REPEATS,
): Promise<void> {
  let note = '';
  for (let k = 0; k < repeats; k++) {
    const trial = await make();
    const t0 = performance.now();
    await trial.fit();
    const fitS = (performance.now() - t0) / 1000;
    emit({ ev: 'fit', s: fitS });
    const t1 = performance.now();
    const pred = await trial.predict();
    const predS = (performance.now() - t1) / 1000;
    emit({ ev: 'predict', s: predS, scores: scores(data.test.y, pred) });
    note = trial.note?.() ?? '';
    trial.dispose?.();
    if (k === 0 && fitS > SINGLE_FIT_OVER_S) break;
  }
  emit({ ev: 'done', peak_rss_mb: peakRssMb(), note });
}

/**
 * Peak RSS of this process in MiB. Linux: VmHWM from /proc/self/status, because getrusage's maxrss
 * (process.resourceUsage().maxRSS) survives fork + exec and so starts at the parent's RSS at spawn
 * time; elsewhere maxRSS.
 */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** The `--repeats` of a child command line (default 3; `--quick` runs pass 1). */
export function repeatsArg(a: Record<string, string>): number {
  const n = a.repeats === undefined ? MAX_REPEATS : Number(a.repeats);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--repeats must be a positive integer, got '${a.repeats}'`);
  return n;
}

/** Parses `--key value` pairs of a child command line. */
export function childArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!;
    if (!k.startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad child argument '${k}'`);
    out[k.slice(2)] = argv[i + 1]!;
  }
  return out;
}

/**
 * Child entry: wraps everything so any failure becomes an 'error' event and exit code 1, and exits
 * explicitly (a model's worker threads or a backend's handles must not keep the child alive; stdout
 * is a pipe, written synchronously on Linux, so no event is lost).
 */
export async function childMain(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const err = e as Error;
    emit({ ev: 'error', message: `${err.name}: ${err.message}`.slice(0, 400) });
    process.exitCode = 1;
  }
  process.exit();
}
