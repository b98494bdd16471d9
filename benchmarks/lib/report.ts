/** Printed output of the benchmark: one table per dataset and the MET/MISSED target lines. */
import type { ModelName, ResultRow, Threads } from './schema.js';
import { ALL_MODEL_NAMES } from './schema.js';
import { ratio } from './stats.js';

export function fmtSeconds(v: number | null): string {
  if (v === null) return '-';
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

export function fmtRatio(v: number | null): string {
  if (v === null) return '-';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v >= 0.1 ? v.toFixed(2) : v.toPrecision(2);
}

function fmtScore(v: number | null): string {
  return v === null ? '-' : v.toFixed(4);
}

function fmtMb(v: number | null): string {
  return v === null ? '-' : v.toFixed(0);
}

const SYSTEM_ORDER = { 'scikit-learn': 0, autolearn: 1, 'ml.js': 2 } as const;

export function sortRows(rows: readonly ResultRow[]): ResultRow[] {
  return [...rows].sort(
    (a, b) =>
      ALL_MODEL_NAMES.indexOf(a.model) - ALL_MODEL_NAMES.indexOf(b.model) ||
      a.n_train - b.n_train ||
      SYSTEM_ORDER[a.system] - SYSTEM_ORDER[b.system] ||
      a.device.localeCompare(b.device) ||
      a.threads.localeCompare(b.threads),
  );
}

/**
 * The row of `system` standing for a model on a dataset and thread column: a model without an
 * `all` row runs the same code in both columns, so its `1` row stands for `all` too.
 */
export function rowFor(
  rows: readonly ResultRow[],
  system: ResultRow['system'],
  model: ModelName,
  dataset: string,
  threads: Threads,
  device?: string,
): ResultRow | undefined {
  const mine = rows.filter(
    (r) =>
      r.system === system && r.model === model && r.dataset === dataset && (!device || r.device === device),
  );
  return (
    mine.find((r) => r.threads === threads) ??
    (threads === 'all' ? mine.find((r) => r.threads === '1') : undefined)
  );
}

/** Ratios shown on our rows: warm fit, warm predict and cold fit vs scikit-learn in the same column. */
export function rowRatios(row: ResultRow, rows: readonly ResultRow[]) {
  const skl = rowFor(rows, 'scikit-learn', row.model, row.dataset, row.threads);
  return {
    fitVsSklearn: ratio(row.fit_s, skl?.fit_s),
    predictVsSklearn: ratio(row.predict_s, skl?.predict_s),
    coldVsSklearn: ratio(row.cold_fit_s, skl?.cold_fit_s),
  };
}

/** A fixed-width text table. */
export function textTable(head: string[], body: string[][], numeric: ReadonlySet<number>): string {
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, j) =>
        j === cells.length - 1 ? c : numeric.has(j) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!),
      )
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** A fixed-width table of every row of one dataset. */
export function formatTable(dataset: string, rows: readonly ResultRow[], header = ''): string {
  const mine = sortRows(rows.filter((r) => r.dataset === dataset));
  const head = [
    'model',
    'system',
    'device',
    'thr',
    'cold fit',
    'warm fit',
    'best',
    'cold pred',
    'warm pred',
    'accuracy',
    'RSS MB',
    'fit RSS',
    'fit/skl',
    'pred/skl',
    'cold/skl',
    'note',
  ];
  const body = mine.map((r) => {
    const q = r.system === 'autolearn' ? rowRatios(r, rows) : null;
    return [
      r.model,
      r.system,
      r.device,
      r.threads,
      fmtSeconds(r.cold_fit_s),
      fmtSeconds(r.fit_s),
      fmtSeconds(r.fit_best_s),
      fmtSeconds(r.cold_predict_s),
      fmtSeconds(r.predict_s),
      fmtScore(r.accuracy),
      fmtMb(r.peak_rss_mb),
      fmtMb(r.fit_peak_rss_mb),
      q ? fmtRatio(q.fitVsSklearn) : '',
      q ? fmtRatio(q.predictVsSklearn) : '',
      q ? fmtRatio(q.coldVsSklearn) : '',
      r.note.length > 80 ? `${r.note.slice(0, 77)}...` : r.note,
    ];
  });
  const first = mine[0];
  const title = `== ${dataset}${first ? ` (n_train=${first.n_train}, d=${first.d})` : ''}${header ? ` ${header}` : ''}`;
  return [title, textTable(head, body, new Set([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]))].join('\n');
}

export type TargetStatus = 'MET' | 'MISSED' | 'NOT RUN';

export interface TargetLine {
  status: TargetStatus;
  text: string;
  /** ours / scikit-learn (or peak / baseline for memory); null when not measured. */
  value: number | null;
  max: number;
}

/** Where each model's speed targets are measured (SVC: its largest set, syn20k). */
export const TARGET_DATASET: Readonly<Partial<Record<ModelName, string>>> = {
  'SVC-rbf': 'syn20k',
  LinearSVC: 'syn100k',
  LogisticRegression: 'syn100k',
  DecisionTree: 'syn100k',
  RandomForest: 'syn100k',
  GaussianNB: 'syn100k',
};
/** Cold first fit is compared at every size up to the target set. */
export const COLD_DATASETS: Readonly<Partial<Record<ModelName, string[]>>> = {
  'SVC-rbf': ['syn1k', 'syn10k', 'syn20k'],
};
export const DEFAULT_COLD_DATASETS = ['syn1k', 'syn10k', 'syn100k'];
export const MEMORY_MODELS: readonly ModelName[] = ['GaussianNB', 'LogisticRegression', 'DecisionTree'];
export const MEMORY_DATASET = 'syn1m';
export const LIMITS = { warmFit: 0.5, warmPredict: 0.5, allCores: 0.3, cold: 1.0, memory: 1.5 } as const;
export const ACCURACY_TOLERANCE = 0.01;

type Metric = 'fit_s' | 'predict_s' | 'cold_fit_s';

/** Our best row for a metric among our devices (the fastest device stands for us; it is named). */
export function ourBest(
  rows: readonly ResultRow[],
  model: ModelName,
  dataset: string,
  threads: Threads,
  metric: Metric,
): ResultRow | undefined {
  const devices = [
    ...new Set(
      rows
        .filter((r) => r.system === 'autolearn' && r.model === model && r.dataset === dataset)
        .map((r) => r.device),
    ),
  ];
  const cands = devices
    .map((d) => rowFor(rows, 'autolearn', model, dataset, threads, d))
    .filter((r): r is ResultRow => r !== undefined);
  const measured = cands.filter((r) => r[metric] !== null).sort((a, b) => a[metric]! - b[metric]!);
  return measured[0] ?? cands[0];
}

/**
 * Fit peak RSS of a row over its baseline: (peak during the first fit - the runtime's RSS before
 * any data) / (train float64 matrix + labels + fitted state). 1.0 = the fit needed nothing beyond
 * holding its input and its result.
 */
export function memoryRatio(r: ResultRow): number | null {
  if (r.fit_peak_rss_mb === null || r.runtime_rss_mb === null || r.data_mb === null) return null;
  return (r.fit_peak_rss_mb - r.runtime_rss_mb) / (r.data_mb + (r.model_mb ?? 0));
}

function line(label: string, max: number, value: number | null, detail: string): TargetLine {
  if (value === null) return { status: 'NOT RUN', text: `${label}: ${detail}`, value, max };
  return {
    status: value <= max ? 'MET' : 'MISSED',
    text: `${label}: ${fmtRatio(value)} (${detail})`,
    value,
    max,
  };
}

function speedLine(
  rows: readonly ResultRow[],
  model: ModelName,
  dataset: string,
  label: string,
  max: number,
  metric: Metric,
  oursThreads: Threads,
  sklearnBestOfBoth: boolean,
): TargetLine {
  const ours = ourBest(rows, model, dataset, oursThreads, metric);
  const skls = (sklearnBestOfBoth ? (['1', 'all'] as const) : (['1'] as const))
    .map((t) => rowFor(rows, 'scikit-learn', model, dataset, t))
    .filter((r): r is ResultRow => r !== undefined && r[metric] !== null)
    .sort((a, b) => a[metric]! - b[metric]!);
  const skl = skls[0];
  const full = `${model} ${dataset} ${label} ours/scikit-learn <= ${max}`;
  if (!ours || !skl) {
    const why = !ours ? 'no autolearn row' : 'no scikit-learn row';
    return line(full, max, null, why);
  }
  const r = ratio(ours[metric], skl[metric]);
  if (r === null)
    return line(full, max, null, `not measured: ${ours[metric] === null ? ours.note : skl.note}`);
  return line(
    full,
    max,
    r,
    `ours ${fmtSeconds(ours[metric])} s on ${ours.device}/${ours.threads}, scikit-learn ${fmtSeconds(skl[metric])} s/${skl.threads}`,
  );
}

/** The MET/MISSED lines of the issue's targets, plus the accuracy sanity check. */
export function evaluateTargets(rows: readonly ResultRow[], models: readonly ModelName[]): TargetLine[] {
  const out: TargetLine[] = [];
  for (const model of models) {
    const ds = TARGET_DATASET[model];
    if (!ds) continue;
    out.push(speedLine(rows, model, ds, 'warm fit, 1 thread,', LIMITS.warmFit, 'fit_s', '1', false));
    out.push(
      speedLine(rows, model, ds, 'warm predict, 1 thread,', LIMITS.warmPredict, 'predict_s', '1', false),
    );
    out.push(
      speedLine(
        rows,
        model,
        ds,
        "warm fit, all cores, vs scikit-learn's best,",
        LIMITS.allCores,
        'fit_s',
        'all',
        true,
      ),
    );
    for (const cds of COLD_DATASETS[model] ?? DEFAULT_COLD_DATASETS)
      out.push(
        speedLine(rows, model, cds, 'cold first fit, 1 thread,', LIMITS.cold, 'cold_fit_s', '1', false),
      );
  }
  for (const model of MEMORY_MODELS.filter((m) => models.includes(m))) {
    const label = `${model} ${MEMORY_DATASET} fit peak RSS <= ${LIMITS.memory} x (float64 matrix + model)`;
    const ours = ourBest(rows, model, MEMORY_DATASET, '1', 'fit_s');
    if (!ours) {
      out.push(line(label, LIMITS.memory, null, 'not run (needs syn1m)'));
      continue;
    }
    const m = memoryRatio(ours);
    const skl = rowFor(rows, 'scikit-learn', model, MEMORY_DATASET, '1');
    const sk = skl ? memoryRatio(skl) : null;
    out.push(
      line(
        label,
        LIMITS.memory,
        m,
        m === null
          ? `not measured: ${ours.note}`
          : `ours ${fmtMb(ours.fit_peak_rss_mb)} MB peak - ${fmtMb(ours.runtime_rss_mb)} MB runtime over ${fmtMb(ours.data_mb)} MB matrix + ${(ours.model_mb ?? 0).toFixed(1)} MB model on ${ours.device}${sk === null ? '' : `; scikit-learn ${fmtRatio(sk)}`}`,
      ),
    );
  }
  // Accuracy within 1 point of scikit-learn in every row where both ran.
  const misses: string[] = [];
  let compared = 0;
  for (const r of rows.filter((x) => x.system === 'autolearn' && x.accuracy !== null)) {
    const skl = rowFor(rows, 'scikit-learn', r.model, r.dataset, '1');
    if (!skl || skl.accuracy === null) continue;
    compared++;
    if (Math.abs(r.accuracy! - skl.accuracy) > ACCURACY_TOLERANCE + 1e-9)
      misses.push(
        `${r.model}/${r.dataset}/${r.device}/${r.threads} ${r.accuracy!.toFixed(4)} vs ${skl.accuracy.toFixed(4)}`,
      );
  }
  out.push(
    compared === 0
      ? {
          status: 'NOT RUN',
          text: 'accuracy within 1 point of scikit-learn: no comparable rows',
          value: null,
          max: 0,
        }
      : {
          status: misses.length ? 'MISSED' : 'MET',
          text: `accuracy within 1 point of scikit-learn in every row (${compared} rows compared)${misses.length ? `: off in ${misses.join('; ')}` : ''}`,
          value: misses.length,
          max: 0,
        },
  );
  return out;
}
