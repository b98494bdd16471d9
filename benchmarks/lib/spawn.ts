/**
 * Parent side of a child run: spawns one (system, model, dataset[, device]) child, reads its JSON-line
 * events, kills it when a single fit (or the data loading) runs past its cap, and turns whatever it
 * reported into one result row.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildEvent } from './protocol.js';
import type { ModelName, ResultRow, SystemName } from './schema.js';
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
  loaded: { n_train: number; n_test: number; d: number } | null;
  fits: number[];
  predicts: number[];
  scores: Scores | null;
  peakRssMb: number | null;
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
            out.loaded = { n_train: e.n_train, n_test: e.n_test, d: e.d };
            arm(spec.fitCapS, 'fit');
            break;
          case 'fit':
            out.fits.push(e.s);
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
  /** Used when the child died before reporting its shape. */
  n_train: number;
  d: number;
  fitCapS: number;
}

/** One result row from a child's outcome; partial runs keep what finished and say why in the note. */
export function outcomeToRow(o: ChildOutcome, c: RowContext): ResultRow {
  const notes: string[] = [];
  if (o.timedOut === 'fit') {
    notes.push(
      o.fits.length === 0
        ? `timeout: fit exceeded ${c.fitCapS} s`
        : `timeout on repeat ${o.predicts.length + 1}; median of ${o.predicts.length}`,
    );
  } else if (o.timedOut === 'load') notes.push('timeout while loading data');
  if (o.error) notes.push(`error: ${o.error}`);
  if (o.note) notes.push(o.note);
  const done = o.predicts.length;
  return {
    system: c.system,
    model: c.model,
    dataset: c.dataset,
    device: c.device,
    n_train: o.loaded?.n_train ?? c.n_train,
    d: o.loaded?.d ?? c.d,
    fit_s: done ? median(o.fits.slice(0, done)) : null,
    predict_s: done ? median(o.predicts) : null,
    accuracy: o.scores?.accuracy ?? null,
    precision_macro: o.scores?.precision_macro ?? null,
    recall_macro: o.scores?.recall_macro ?? null,
    peak_rss_mb: o.peakRssMb === null ? null : Math.round(o.peakRssMb * 10) / 10,
    note: notes.join('; ') || (done ? '' : 'no fit finished'),
  };
}
