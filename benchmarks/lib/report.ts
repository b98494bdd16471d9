/** Printed output of the benchmark: one table per dataset and the PASS/MISS target lines. */
import type { ModelName, ResultRow } from './schema.js';
import { ALL_MODEL_NAMES, MODEL_NAMES } from './schema.js';
import { ratio } from './stats.js';

export function fmtSeconds(v: number | null): string {
  if (v === null) return '-';
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

function fmtRatio(v: number | null): string {
  if (v === null) return '-';
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v >= 0.1 ? v.toFixed(2) : v.toPrecision(2);
}

function fmtScore(v: number | null): string {
  return v === null ? '-' : v.toFixed(4);
}

const SYSTEM_ORDER = { 'scikit-learn': 0, autolearn: 1, 'ml.js': 2 } as const;

function find(rows: readonly ResultRow[], system: ResultRow['system'], model: ModelName, dataset: string) {
  return rows.find((r) => r.system === system && r.model === model && r.dataset === dataset);
}

/** Ratios shown on our rows: fit and predict vs scikit-learn, fit vs ml.js. */
export function rowRatios(row: ResultRow, rows: readonly ResultRow[]) {
  const skl = find(rows, 'scikit-learn', row.model, row.dataset);
  const mljs = find(rows, 'ml.js', row.model, row.dataset);
  return {
    fitVsSklearn: ratio(row.fit_s, skl?.fit_s),
    predictVsSklearn: ratio(row.predict_s, skl?.predict_s),
    fitVsMljs: ratio(row.fit_s, mljs?.fit_s),
  };
}

/** A fixed-width table of every row of one dataset. */
export function formatTable(dataset: string, rows: readonly ResultRow[], header = ''): string {
  const mine = rows
    .filter((r) => r.dataset === dataset)
    .sort(
      (a, b) =>
        ALL_MODEL_NAMES.indexOf(a.model) - ALL_MODEL_NAMES.indexOf(b.model) ||
        SYSTEM_ORDER[a.system] - SYSTEM_ORDER[b.system] ||
        a.device.localeCompare(b.device),
    );
  const head = [
    'model',
    'system',
    'device',
    'fit s',
    'predict s',
    'accuracy',
    'P macro',
    'R macro',
    'RSS MB',
    'fit/skl',
    'pred/skl',
    'fit/mljs',
    'note',
  ];
  const body = mine.map((r) => {
    const q = r.system === 'autolearn' ? rowRatios(r, rows) : null;
    return [
      r.model,
      r.system,
      r.device,
      fmtSeconds(r.fit_s),
      fmtSeconds(r.predict_s),
      fmtScore(r.accuracy),
      fmtScore(r.precision_macro),
      fmtScore(r.recall_macro),
      r.peak_rss_mb === null ? '-' : r.peak_rss_mb.toFixed(0),
      q ? fmtRatio(q.fitVsSklearn) : '',
      q ? fmtRatio(q.predictVsSklearn) : '',
      q ? fmtRatio(q.fitVsMljs) : '',
      r.note.length > 90 ? `${r.note.slice(0, 87)}...` : r.note,
    ];
  });
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length)));
  const numeric = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const line = (cells: string[]): string =>
    cells
      .map((c, j) =>
        j === cells.length - 1 ? c : numeric.has(j) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!),
      )
      .join('  ')
      .trimEnd();
  const first = mine[0];
  const title = `== ${dataset}${first ? ` (n_train=${first.n_train}, d=${first.d})` : ''}${header ? ` ${header}` : ''}`;
  return [title, line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export type TargetStatus = 'PASS' | 'MISS' | 'NOT RUN';

export interface TargetLine {
  status: TargetStatus;
  text: string;
}

interface FitTarget {
  model: ModelName;
  dataset: string;
  max: number;
  needsConverged?: boolean;
}

export const FIT_TARGETS: readonly FitTarget[] = [
  { model: 'DecisionTree', dataset: 'syn100k', max: 0.25 },
  { model: 'RandomForest(n_jobs=2)', dataset: 'syn100k', max: 0.3 },
  { model: 'LogisticRegression', dataset: 'syn100k', max: 1.0 },
  { model: 'GaussianNB', dataset: 'syn100k', max: 0.5 },
  { model: 'SVC-rbf', dataset: 'syn20k', max: 1.0 },
  { model: 'LinearSVC', dataset: 'syn100k', max: 0.25, needsConverged: true },
];
export const SYN1M_MODELS: readonly ModelName[] = ['GaussianNB', 'LogisticRegression', 'DecisionTree'];
export const RSS_LIMIT_MB = 2048;
export const ACCURACY_TOLERANCE = 0.01;
/** Predict throughput is compared on test parts at least this large (tiny sets measure call overhead). */
export const MIN_TEST_ROWS_FOR_PREDICT = 1000;

/** Our row that stands for a model on a dataset: the cpu device when present, else the fastest fit. */
export function ourRow(rows: readonly ResultRow[], model: ModelName, dataset: string): ResultRow | undefined {
  const mine = rows.filter((r) => r.system === 'autolearn' && r.model === model && r.dataset === dataset);
  const cpu = mine.find((r) => r.device === 'cpu' && r.fit_s !== null);
  if (cpu) return cpu;
  return mine.filter((r) => r.fit_s !== null).sort((a, b) => a.fit_s! - b.fit_s!)[0] ?? mine[0];
}

function isNotConverged(note: string): boolean {
  return /not converged/i.test(note);
}

/**
 * The PASS/MISS lines. `testRows` maps a dataset name to its test size (for the predict-throughput
 * rule). NOT RUN means the run did not include what the target needs (a filter, no --syn1m).
 */
export function evaluateTargets(
  rows: readonly ResultRow[],
  testRows: ReadonlyMap<string, number>,
): TargetLine[] {
  const out: TargetLine[] = [];
  for (const t of FIT_TARGETS) {
    const label = `${t.model} ${t.dataset} fit ours/sklearn <= ${t.max}${t.needsConverged ? ' and converged' : ''}`;
    const ours = ourRow(rows, t.model, t.dataset);
    const skl = find(rows, 'scikit-learn', t.model, t.dataset);
    if (!ours || !skl) {
      out.push({
        status: 'NOT RUN',
        text: `${label}: ${!ours ? 'no autolearn row' : 'no scikit-learn row'}`,
      });
      continue;
    }
    const r = ratio(ours.fit_s, skl.fit_s);
    if (r === null) {
      out.push({
        status: 'MISS',
        text: `${label}: not measured (${ours.fit_s === null ? `ours: ${ours.note}` : `sklearn: ${skl.note}`})`,
      });
      continue;
    }
    const converged = !t.needsConverged || !isNotConverged(ours.note);
    const ok = r <= t.max && converged;
    out.push({
      status: ok ? 'PASS' : 'MISS',
      text: `${label}: ${r.toFixed(3)} (ours ${fmtSeconds(ours.fit_s)} s on ${ours.device}, sklearn ${fmtSeconds(skl.fit_s)} s)${converged ? '' : '; ours did not converge'}`,
    });
  }
  // Accuracy within 1 point of scikit-learn in every row.
  const paired = rows.filter((r) => r.system === 'autolearn' && r.accuracy !== null);
  const misses: string[] = [];
  let compared = 0;
  for (const r of paired) {
    const skl = find(rows, 'scikit-learn', r.model, r.dataset);
    if (!skl || skl.accuracy === null) continue;
    compared++;
    const diff = r.accuracy! - skl.accuracy;
    if (Math.abs(diff) > ACCURACY_TOLERANCE + 1e-9) {
      misses.push(
        `${r.model}/${r.dataset}/${r.device} ${r.accuracy!.toFixed(4)} vs ${skl.accuracy.toFixed(4)}`,
      );
    }
  }
  if (compared === 0)
    out.push({ status: 'NOT RUN', text: 'accuracy within 1 point of sklearn: no comparable rows' });
  else
    out.push({
      status: misses.length ? 'MISS' : 'PASS',
      text: `accuracy within 1 point of sklearn in every row (${compared} rows compared)${misses.length ? `: off in ${misses.join('; ')}` : ''}`,
    });
  // Predict throughput >= scikit-learn's, per model.
  for (const model of MODEL_NAMES) {
    const pairs = rows
      .filter((r) => r.system === 'scikit-learn' && r.model === model && r.predict_s !== null)
      .filter((r) => (testRows.get(r.dataset) ?? 0) >= MIN_TEST_ROWS_FOR_PREDICT)
      .map((skl) => ({ skl, ours: ourRow(rows, model, skl.dataset) }));
    const label = `${model} predict throughput >= sklearn (test sets >= ${MIN_TEST_ROWS_FOR_PREDICT} rows)`;
    if (pairs.length === 0 || pairs.every((p) => !p.ours)) {
      out.push({ status: 'NOT RUN', text: `${label}: no comparable rows` });
      continue;
    }
    const bad: string[] = [];
    const all: string[] = [];
    for (const { skl, ours } of pairs) {
      const r = ratio(ours?.predict_s, skl.predict_s);
      all.push(`${skl.dataset} ${r === null ? 'n/a' : `${r.toFixed(2)}x`}`);
      if (r === null || r > 1) bad.push(skl.dataset);
    }
    out.push({
      status: bad.length ? 'MISS' : 'PASS',
      text: `${label}: predict time ours/sklearn ${all.join(', ')}`,
    });
  }
  // syn1m peak RSS.
  for (const model of SYN1M_MODELS) {
    const label = `${model} syn1m fit with peak RSS < ${RSS_LIMIT_MB} MB`;
    const ours = ourRow(rows, model, 'syn1m');
    if (!ours) {
      out.push({ status: 'NOT RUN', text: `${label}: not run (add --syn1m)` });
      continue;
    }
    const ok = ours.fit_s !== null && ours.peak_rss_mb !== null && ours.peak_rss_mb < RSS_LIMIT_MB;
    out.push({
      status: ok ? 'PASS' : 'MISS',
      text: `${label}: ${ours.peak_rss_mb === null ? 'RSS unknown' : `${ours.peak_rss_mb.toFixed(0)} MB`}${ours.fit_s === null ? ` (fit did not finish: ${ours.note})` : `, fit ${fmtSeconds(ours.fit_s)} s`}`,
    });
  }
  return out;
}
