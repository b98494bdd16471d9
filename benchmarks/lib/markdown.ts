/** Markdown for the README: a table per model (sizes down, systems across) and the target lines. */
import { fmtRatio, fmtSeconds, rowFor, type TargetLine } from './report.js';
import type { ModelName, ResultRow } from './schema.js';

/** A GitHub-flavoured Markdown table, numeric columns right-aligned. */
export function mdTable(head: string[], body: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  const row = (cells: string[]) => `| ${cells.map(esc).join(' | ')} |`;
  const rule = `|${head.map((_, j) => (numeric.has(j) ? ' ---: ' : ' --- ')).join('|')}|`;
  return [row(head), rule, ...body.map(row)].join('\n');
}

/**
 * One model's table: a line per (dataset, our device), with scikit-learn's and our warm fit, cold
 * fit and warm predict in both thread columns, the ratios and the fit peak RSS.
 */
export function modelTable(rows: readonly ResultRow[], model: ModelName): string | null {
  const mine = rows.filter((r) => r.model === model);
  if (mine.length === 0) return null;
  const datasets = [...new Set(mine.sort((a, b) => a.n_train - b.n_train).map((r) => r.dataset))];
  const devices = [...new Set(mine.filter((r) => r.system === 'autolearn').map((r) => r.device))].sort();
  const head = [
    'rows (train)',
    'device',
    'fit 1 thr: skl / ours',
    'ratio',
    'fit all cores: skl / ours',
    'ratio',
    'cold fit: skl / ours',
    'ratio',
    'predict: skl / ours',
    'ratio',
    'fit peak MB: skl / ours',
  ];
  const pair = (a: number | null | undefined, b: number | null | undefined) =>
    `${fmtSeconds(a ?? null)} / ${fmtSeconds(b ?? null)}`;
  const q = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && a > 0 ? fmtRatio(b / a) : '-';
  const body: string[][] = [];
  for (const ds of datasets) {
    const skl1 = rowFor(rows, 'scikit-learn', model, ds, '1');
    const sklAll = rowFor(rows, 'scikit-learn', model, ds, 'all');
    for (const device of devices.length ? devices : ['-']) {
      const o1 = rowFor(rows, 'autolearn', model, ds, '1', device);
      const oAll = rowFor(rows, 'autolearn', model, ds, 'all', device);
      const n = (skl1 ?? o1)?.n_train;
      body.push([
        n === undefined ? ds : n.toLocaleString('en-US'),
        device,
        pair(skl1?.fit_s, o1?.fit_s),
        q(skl1?.fit_s, o1?.fit_s),
        pair(sklAll?.fit_s, oAll?.fit_s),
        q(sklAll?.fit_s, oAll?.fit_s),
        pair(skl1?.cold_fit_s, o1?.cold_fit_s),
        q(skl1?.cold_fit_s, o1?.cold_fit_s),
        pair(skl1?.predict_s, o1?.predict_s),
        q(skl1?.predict_s, o1?.predict_s),
        `${skl1?.fit_peak_rss_mb?.toFixed(0) ?? '-'} / ${o1?.fit_peak_rss_mb?.toFixed(0) ?? '-'}`,
      ]);
    }
  }
  return mdTable(head, body, new Set([0, 3, 5, 7, 9]));
}

/**
 * The README fragment of a run: header, targets, then a section per model with its plot (links are
 * `linkPrefix` + the path inside the results folder).
 */
export function readmeMarkdown(
  rows: readonly ResultRow[],
  models: readonly ModelName[],
  targets: readonly TargetLine[],
  header: string,
  plots: ReadonlyMap<ModelName, string>,
  linkPrefix = '',
): string {
  const parts = [header, '', '### Targets', ''];
  for (const t of targets) parts.push(`- **${t.status}** ${t.text}`);
  for (const m of models) {
    const table = modelTable(rows, m);
    if (!table) continue;
    parts.push('', `### ${m}`, '');
    const plot = plots.get(m);
    if (plot) parts.push(`![${m}: seconds vs rows](${linkPrefix}${plot})`, '');
    parts.push(table);
  }
  return `${parts.join('\n')}\n`;
}
