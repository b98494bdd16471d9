/** A uPlot line chart (training curves, per-class bars drawn as steps) sized to its container. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

export function LineChart(props: {
  readonly title: string;
  readonly x: readonly number[];
  readonly xLabel: string;
  readonly series: readonly Series[];
  readonly height?: number;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = `${props.xLabel}|${props.series.map((s) => s.label).join('|')}`;
  useEffect(() => {
    const el = host.current!;
    const opts: uPlot.Options = {
      title: props.title,
      width: Math.max(320, el.clientWidth || 640),
      height: props.height ?? 260,
      scales: { x: { time: false } },
      axes: [{ label: props.xLabel }, {}],
      series: [
        { label: props.xLabel },
        ...props.series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2 })),
      ],
    };
    plot.current = new uPlot(opts, [[], ...props.series.map(() => [])], el);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape]);
  useEffect(() => {
    plot.current?.setData([props.x as number[], ...props.series.map((s) => s.values as number[])]);
  });
  return <div class="chart" ref={host} role="img" aria-label={props.title} />;
}
