/**
 * Parent side of a child run: spawns one (system, model, dataset[, device]) child, reads its JSON-line
 * events, kills it when a single fit (or the data loading) runs past its cap, and turns whatever it
 * reported into one result row.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildEvent } from './protocol.js';
import type { ModelName, ResultRow, SystemName, Threads } from './schema.js';
import type { Scores } from './stats.js';
import { median } from './stats.js';

export interface ChildSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Seconds one fit (+ its predict) may take before the child is killed. */
  fitCapS: number;
  /** Seconds allowed for start-up and loading the CSV pair. */
  loadCapS: number;
  /** Seconds a child may linger after its 'done' event before it is killed (default 10). */
  graceS?: number;
}

export interface ChildOutcome {
  loaded: { n_train: number; n_test: number; d: number; runtime_rss_mb: number; data_mb: number } | null;
  /** fits[0] / predicts[0]: the cold ones; the rest are warm repeats. */
  fits: number[];
  predicts: number[];
  scores: Scores | null;
  peakRssMb: number | null;
  /** Peak RSS during the cold fit. */
  fitPeakRssMb: number | null;
  modelMb: number | null;
  note: string;
  error: string | null;
  timedOut: 'load' | 'fit' | null;
  stderrTail: string;
}

/** Peak RSS of a live process from /proc (Linux), in MiB; null elsewhere. */
function procPeakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function runChild(spec: ChildSpec): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const out: ChildOutcome = {
      loaded: null,
      fits: [],
      predicts: [],
      scores: null,
      peakRssMb: null,
      fitPeakRssMb: null,
      modelMb: null,
      note: '',
      error: null,
      timedOut: null,
      stderrTail: '',
    };
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const arm = (seconds: number, phase: 'load' | 'fit'): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        out.timedOut = phase;
        out.peakRssMb = procPeakRssMb(child.pid);
        child.kill('SIGKILL');
      }, seconds * 1000);
    };
    arm(spec.loadCapS, 'load');
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
        if (!line.startsWith('{')) continue;
        let e: ChildEvent;
        try {
          e = JSON.parse(line) as ChildEvent;
        } catch {
          continue;
        }
        switch (e.ev) {
          case 'loaded':
            out.loaded = {
              n_train: e.n_train,
              n_test: e.n_test,
              d: e.d,
              runtime_rss_mb: e.runtime_rss_mb,
              data_mb: e.data_mb,
            };
            arm(spec.fitCapS, 'fit');
            break;
          case 'fit':
            out.fits.push(e.s);
            if (e.peak_rss_mb !== undefined) out.fitPeakRssMb = e.peak_rss_mb;
            break;
          case 'predict':
            out.predicts.push(e.s);
            out.scores = e.scores;
            arm(spec.fitCapS, 'fit');
            break;
          case 'done':
            // Finished: a child that lingers after this is killed without counting as a timeout.
            clearTimeout(timer);
            finished = true;
            timer = setTimeout(() => child.kill('SIGKILL'), (spec.graceS ?? 10) * 1000);
            out.peakRssMb = e.peak_rss_mb;
            out.modelMb = e.model_mb;
            out.note = e.note;
            break;
          case 'error':
            out.error = e.message;
            break;
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      out.stderrTail = (out.stderrTail + chunk).slice(-2000);
    });
    child.on('error', (err) => {
      out.error ??= `cannot start ${spec.command}: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!finished && !out.timedOut && !out.error && (code !== 0 || signal)) {
        const tail = out.stderrTail.trim().split('\n').slice(-3).join(' | ');
        out.error = `child exited with ${signal ?? `code ${code}`}${tail ? `: ${tail.slice(0, 300)}` : ''}`;
      }
      resolve(out);
    });
  });
}

export interface RowContext {
  system: SystemName;
  model: ModelName;
  dataset: string;
  device: string;
  threads: Threads;
  /** Used when the child died before reporting its shape. */
  n_train: number;
  n_test: number;
  d: number;
  fitCapS: number;
}

const round1 = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Math.round(v * 10) / 10;
const precise = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v.toPrecision(4));

/**
 * One result row from a child's outcome (plus the outcomes of extra cold-only children, whose
 * first fit joins the cold median); partial runs keep what finished and say why in the note.
 */
export function outcomeToRow(
  o: ChildOutcome,
  c: RowContext,
  extraCold: readonly ChildOutcome[] = [],
): ResultRow {
  const notes: string[] = [];
  const done = o.predicts.length;
  const warmDone = Math.max(0, done - 1);
  if (o.timedOut === 'fit') {
    notes.push(
      done === 0
        ? `timeout: fit exceeded ${c.fitCapS} s`
        : `timeout on warm repeat ${warmDone + 1}${warmDone ? `; warm = ${warmDone} repeat(s)` : '; no warm repeat'}`,
    );
  } else if (o.timedOut === 'load') notes.push('timeout while loading data');
  if (o.error) notes.push(`error: ${o.error}`);
  if (o.note) notes.push(o.note);
  const cold = [o, ...extraCold].filter((x) => x.predicts.length > 0);
  const warmFits = o.fits.slice(1, done);
  const warmPredicts = o.predicts.slice(1, done);
  const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
  const noteText = notes.join('; ');
  return {
    system: c.system,
    model: c.model,
    dataset: c.dataset,
    device: c.device,
    threads: c.threads,
    n_train: o.loaded?.n_train ?? c.n_train,
    n_test: o.loaded?.n_test ?? c.n_test,
    d: o.loaded?.d ?? c.d,
    cold_fit_s: cold.length ? median(cold.map((x) => x.fits[0]!)) : null,
    cold_predict_s: cold.length ? median(cold.map((x) => x.predicts[0]!)) : null,
    cold_runs: cold.length,
    fit_s: warmFits.length ? median(warmFits) : null,
    fit_best_s: min(warmFits),
    predict_s: warmPredicts.length ? median(warmPredicts) : null,
    predict_best_s: min(warmPredicts),
    repeats: warmFits.length,
    accuracy: o.scores?.accuracy ?? null,
    precision_macro: o.scores?.precision_macro ?? null,
    recall_macro: o.scores?.recall_macro ?? null,
    peak_rss_mb: round1(o.peakRssMb),
    fit_peak_rss_mb: round1(o.fitPeakRssMb),
    runtime_rss_mb: round1(o.loaded?.runtime_rss_mb),
    data_mb: precise(o.loaded?.data_mb),
    model_mb: precise(o.modelMb),
    note: noteText || (done ? (warmFits.length ? '' : 'cold only (no warm repeat)') : 'no fit finished'),
  };
}
