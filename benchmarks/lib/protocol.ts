/**
 * The timing protocol every TypeScript child runner follows (benchmarks/sklearn_bench.py mirrors it):
 *
 * 1. start-up and imports, then the resident set is read (`runtime_rss_mb`);
 * 2. the train part is read from its binary file and, for the models that need it, standardized
 *    (scaler statistics from train), outside every timed region;
 * 3. the peak-RSS mark is reset (Linux: `/proc/self/clear_refs`), then the **cold** fit: the first
 *    fit of this fresh process, timed, with its peak RSS (`fit_peak_rss_mb`);
 * 4. the test part is read (only now, so it is not in the fit's peak), the cold predict is timed;
 * 5. **warm** repeats: fit + predict again, up to `repeats` times, no new repeat once the warm
 *    repeats took `warmBudgetS` (at least one always runs when `repeats` > 0).
 *
 * The child reports progress as JSON lines on stdout so the parent can enforce a per-fit time cap
 * and still use what finished before it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type BinaryTable, binaryMeta, readBinary } from './binary.js';
import { type ModelName, STANDARDIZED_MODELS, THREADS, type Threads } from './schema.js';
import { applyScaler, fitScaler, type Scaler, type Scores, scores } from './stats.js';

/** One JSON line from a child. The first 'fit' is the cold one and carries its peak RSS. */
export type ChildEvent =
  | { ev: 'loaded'; n_train: number; n_test: number; d: number; runtime_rss_mb: number; data_mb: number }
  | { ev: 'fit'; s: number; peak_rss_mb?: number }
  | { ev: 'predict'; s: number; scores: Scores }
  | { ev: 'done'; peak_rss_mb: number; model_mb: number | null; note: string }
  | { ev: 'error'; message: string };

/** What a system's adapter builds for one model on one prepared dataset. */
export interface Trial {
  fit(): Promise<void> | void;
  predict(test: BinaryTable): Promise<ArrayLike<number>> | ArrayLike<number>;
  /** Caveats worth a note (adapter substitutions, non-convergence); read after the last fit. */
  note?(): string;
  /** Bytes of the fitted state (read once, after the cold fit); null when unknown. */
  modelBytes?(): number | null;
  dispose?(): void;
}

export interface Prepared {
  train: BinaryTable;
  /** The test part, read (and scaled) on first call. */
  test(): BinaryTable;
  nTest: number;
  runtimeRssMb: number;
}

export interface TrialOptions {
  /** Warm repeats after the cold fit (0 = cold only). */
  repeats: number;
  /** No new warm repeat starts once the warm repeats took this long (seconds). */
  warmBudgetS: number;
}

export const DEFAULT_TRIALS: TrialOptions = { repeats: 3, warmBudgetS: 20 };

export function emit(e: ChildEvent): void {
  process.stdout.write(`${JSON.stringify(e)}\n`);
}

const MB = 1024 * 1024;

/** Reads the train part (and, lazily, the test part) of a binary pair, standardized when the model needs it. */
export function loadPair(model: ModelName, trainPrefix: string, testPrefix: string): Prepared {
  const runtimeRssMb = rssNowMb();
  const train = readBinary(trainPrefix);
  const scaler: Scaler | null = STANDARDIZED_MODELS.includes(model) ? fitScaler(train.X, train.d) : null;
  if (scaler) applyScaler(train.X, scaler);
  let test: BinaryTable | null = null;
  return {
    train,
    runtimeRssMb,
    nTest: binaryMeta(testPrefix).rows,
    test: () => {
      if (!test) {
        test = readBinary(testPrefix);
        if (test.d !== train.d)
          throw new Error(`${trainPrefix} has ${train.d} features but ${testPrefix} has ${test.d}`);
        if (scaler) applyScaler(test.X, scaler);
      }
      return test;
    },
  };
}

/** Emits 'loaded' (with the runtime's RSS and the train part's size) for a prepared pair. */
export function emitLoaded(data: Prepared): void {
  const { train } = data;
  emit({
    ev: 'loaded',
    n_train: train.rows,
    n_test: data.nTest,
    d: train.d,
    runtime_rss_mb: data.runtimeRssMb,
    data_mb: (train.X.byteLength + train.y.byteLength) / MB,
  });
}

/** The cold fit + predict, then the warm repeats, emitting events; the parent builds the row. */
export async function runTrials(
  data: Prepared,
  make: () => Trial | Promise<Trial>,
  options: TrialOptions = DEFAULT_TRIALS,
): Promise<void> {
  let note = '';
  let modelMb: number | null = null;
  const startPeak = peakRssMb();
  let warmS = 0;
  for (let k = 0; k <= options.repeats; k++) {
    if (k > 1 && warmS >= options.warmBudgetS) break;
    const trial = await make();
    if (k === 0) {
      (globalThis as { gc?: () => void }).gc?.();
      resetPeakRss();
    }
    const t0 = performance.now();
    await trial.fit();
    const fitS = (performance.now() - t0) / 1000;
    emit(k === 0 ? { ev: 'fit', s: fitS, peak_rss_mb: peakRssMb() } : { ev: 'fit', s: fitS });
    if (k === 0) modelMb = bytesToMb(trial.modelBytes?.() ?? null);
    const test = data.test();
    const t1 = performance.now();
    const pred = await trial.predict(test);
    const predS = (performance.now() - t1) / 1000;
    emit({ ev: 'predict', s: predS, scores: scores(test.y, pred) });
    if (k > 0) warmS += fitS + predS;
    note = trial.note?.() ?? '';
    trial.dispose?.();
  }
  emit({ ev: 'done', peak_rss_mb: Math.max(startPeak, peakRssMb()), model_mb: modelMb, note });
}

function bytesToMb(b: number | null): number | null {
  return b === null ? null : b / MB;
}

function procStatusMb(field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return null;
}

/**
 * Peak RSS of this process in MiB. Linux: VmHWM from /proc/self/status, because getrusage's maxrss
 * (process.resourceUsage().maxRSS) survives fork + exec and so starts at the parent's RSS at spawn
 * time; elsewhere maxRSS.
 */
export function peakRssMb(): number {
  return procStatusMb('VmHWM') ?? process.resourceUsage().maxRSS / 1024;
}

/** Current RSS in MiB (VmRSS; elsewhere process.memoryUsage().rss). */
export function rssNowMb(): number {
  return procStatusMb('VmRSS') ?? process.memoryUsage().rss / MB;
}

/** Resets the peak-RSS mark to the current RSS (Linux >= 4.0); false where that is not possible. */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes of a fitted state as plain data: 8 per number (float64), a typed array's byteLength, one
 * per string character; what the model must keep, however it is encoded.
 */
export function stateBytes(x: unknown): number {
  if (typeof x === 'number') return 8;
  if (typeof x === 'string') return x.length;
  if (typeof x === 'boolean' || x === null || x === undefined) return 1;
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if (Array.isArray(x)) {
    let s = 0;
    for (const v of x) s += stateBytes(v);
    return s;
  }
  if (typeof x === 'object') {
    let s = 0;
    for (const v of Object.values(x as Record<string, unknown>)) s += stateBytes(v);
    return s;
  }
  return 0;
}

/** The trial options of a child command line (`--repeats`, `--warm-budget`). */
export function trialArgs(a: Record<string, string>): TrialOptions {
  const repeats = a.repeats === undefined ? DEFAULT_TRIALS.repeats : Number(a.repeats);
  if (!Number.isInteger(repeats) || repeats < 0)
    throw new Error(`--repeats must be an integer >= 0, got '${a.repeats}'`);
  const warmBudgetS = a['warm-budget'] === undefined ? DEFAULT_TRIALS.warmBudgetS : Number(a['warm-budget']);
  if (!(warmBudgetS >= 0)) throw new Error(`--warm-budget must be >= 0 seconds, got '${a['warm-budget']}'`);
  return { repeats, warmBudgetS };
}

/** The `--threads` column of a child command line (default '1'). */
export function threadsArg(a: Record<string, string>): Threads {
  const t = a.threads ?? '1';
  if (!THREADS.includes(t as Threads)) throw new Error(`--threads must be 1 or all, got '${t}'`);
  return t as Threads;
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
