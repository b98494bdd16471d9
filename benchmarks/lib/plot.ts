/**
 * One SVG per model: seconds vs training rows, log-log, fit and predict side by side, a line per
 * (system, device, threads) for the warm median and a dashed one for the cold first fit. Written
 * with Vega-Lite compiled to Vega and rendered headless (no browser, no canvas).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ModelName, ResultRow } from './schema.js';

interface Point {
  rows: number;
  seconds: number;
  phase: 'fit' | 'predict';
  timing: 'warm (median)' | 'cold (first call)';
  series: string;
}

export function seriesName(r: ResultRow): string {
  return r.system === 'autolearn'
    ? `autolearn ${r.device}, ${r.threads} thr`
    : `${r.system}, ${r.threads} thr`;
}

/** The plotted points of one model (rows without a measurement are left out). */
export function plotPoints(rows: readonly ResultRow[], model: ModelName): Point[] {
  const out: Point[] = [];
  for (const r of rows.filter((x) => x.model === model)) {
    const series = seriesName(r);
    const add = (phase: Point['phase'], timing: Point['timing'], s: number | null): void => {
      if (s !== null && s > 0) out.push({ rows: r.n_train, seconds: s, phase, timing, series });
    };
    add('fit', 'warm (median)', r.fit_s);
    add('fit', 'cold (first call)', r.cold_fit_s);
    add('predict', 'warm (median)', r.predict_s);
    add('predict', 'cold (first call)', r.cold_predict_s);
  }
  return out;
}

export function plotSpec(model: ModelName, points: Point[], subtitle: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${model}: seconds vs training rows`, subtitle },
    data: { values: points },
    facet: { column: { field: 'phase', type: 'nominal', title: null } },
    spec: {
      width: 300,
      height: 240,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'rows', type: 'quantitative', scale: { type: 'log' }, title: 'training rows' },
        y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds' },
        color: { field: 'series', type: 'nominal', title: null },
        strokeDash: { field: 'timing', type: 'nominal', title: null },
        detail: { field: 'timing' },
      },
    },
    config: { legend: { orient: 'bottom', columns: 2, labelLimit: 320 }, font: 'sans-serif' },
  };
}

/** Renders a model's plot to an SVG string; null when it has no point. */
export async function renderPlot(
  rows: readonly ResultRow[],
  model: ModelName,
  subtitle: string,
): Promise<string | null> {
  const points = plotPoints(rows, model);
  if (points.length === 0) return null;
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile(plotSpec(model, points, subtitle)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
