/** eval_data (`test_accuracy`, `train_precision_macro`, ...) regrouped by metric and set. */
import type { MetricOutcome } from './api.js';

export interface MetricRow {
  readonly name: string;
  readonly test?: number;
  readonly train?: number;
}

export function metricRows(evalData: readonly MetricOutcome[]): MetricRow[] {
  const rows = new Map<string, { name: string; test?: number; train?: number }>();
  for (const m of evalData) {
    const match = /^(test|train)_(.+)$/.exec(m.metric_name);
    const set = match ? (match[1] as 'test' | 'train') : 'test';
    const name = match ? match[2]! : m.metric_name;
    const row = rows.get(name) ?? { name };
    row[set] = m.metric_value;
    rows.set(name, row);
  }
  return [...rows.values()];
}

/** Per-class metric rows (`precision_<class>` style names), for the bar chart. */
export function perClass(rows: readonly MetricRow[], metric: string): MetricRow[] {
  return rows.filter((r) => r.name.startsWith(`${metric}_`) && !/_(macro|micro|weighted)$/.test(r.name));
}

export const metricValue = (evalData: readonly MetricOutcome[], name: string): number | undefined =>
  evalData.find((m) => m.metric_name === name)?.metric_value;
