/** The per-service charts, drawn with uPlot (loaded by its own script tag as a global). */
import { byId, el, fill, fmt } from './dom.ts';
import type { ChartSeries, Charts } from './summaryTypes.ts';

/** The part of uPlot's global the page uses. */
declare const uPlot: new (opts: object, data: unknown[], target: HTMLElement) => { destroy(): void };

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
let plots: Array<{ destroy(): void }> = [];

/** uPlot wants one shared x array: aligns every series of a chart on the union of timestamps. */
export function align(series: readonly ChartSeries[]): Array<Array<number | null>> {
  const xs: Record<number, true> = {};
  for (const s of series) for (const p of s.points) xs[p[0]] = true;
  const x = Object.keys(xs)
    .map(Number)
    .sort((a, b) => a - b);
  const data: Array<Array<number | null>> = [x];
  for (const s of series) {
    const m: Record<number, number | null> = {};
    for (const p of s.points) m[p[0]] = p[1];
    data.push(x.map((t) => (t in m ? (m[t] ?? null) : null)));
  }
  return data;
}

type Chart = Charts['services'][number]['charts'][number];

function chartBox(ch: Chart, service: string, width: number): HTMLElement {
  const points = ch.series.reduce((n, s) => n + s.points.filter((p) => p[1] !== null).length, 0);
  const box = el(
    'div',
    { class: 'chart', 'data-chart': ch.id, 'data-service': service, 'data-points': points },
    [el('div', { class: 'title' }, [ch.title])],
  );
  if (!points) {
    box.appendChild(el('p', { class: 'muted' }, ['no data in this range']));
    return box;
  }
  const opts = {
    width,
    height: 170,
    scales: {
      x: { time: true },
      y: { range: (_u: unknown, min: number, max: number) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
    },
    axes: [{}, { size: 60, values: (_u: unknown, vals: number[]) => vals.map((v) => fmt(v, ch.unit)) }],
    series: [
      {},
      ...ch.series.map((s, i) => ({
        label: s.label,
        stroke: COLORS[i % COLORS.length],
        width: 1.5,
        value: (_u: unknown, v: number | null) => fmt(v, ch.unit),
      })),
    ],
  };
  plots.push(new uPlot(opts, align(ch.series), box));
  return box;
}

/** Replaces every chart (old plots are destroyed first). */
export function renderCharts(c: Charts): void {
  for (const p of plots) p.destroy();
  plots = [];
  const root = byId('charts');
  if (!c.services.length) {
    const note = c.error ? `Prometheus did not answer: ${c.error}` : 'No instrumented service seen yet.';
    fill('charts', [el('p', { class: 'muted' }, [note])]);
    return;
  }
  const width = Math.max(300, Math.min(480, Math.floor((root.clientWidth || 1200) / 3) - 30));
  fill(
    'charts',
    c.services.map((svc) => {
      const grid = el('div', { class: 'chart-grid' });
      for (const ch of svc.charts) grid.appendChild(chartBox(ch, svc.service, width));
      return el('div', { class: 'service', 'data-service': svc.service }, [
        el('h3', {}, [svc.service || '(no service_name)']),
        grid,
      ]);
    }),
  );
}
