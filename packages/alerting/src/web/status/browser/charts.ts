/** The per-service charts, drawn with uPlot (loaded by its own script tag as a global). */
import { axes } from './axes.ts';
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

/** Threshold colours, darker than the badges so a 1 px dashed line stands out on white. */
const TIER_COLORS: Record<string, string> = { info: '#1a5fb4', warning: '#9c6500', critical: '#b3261e' };

/** The y range: from 0 (or below) to past the highest value or threshold, so every line shows. */
function yRange(ch: Chart) {
  const top = Math.max(0, ...ch.thresholds.map((t) => t.value));
  return (_u: unknown, min: number, max: number) => {
    const hi = Math.max(max, top);
    return [Math.min(0, min), hi > 0 ? hi * 1.1 : 1];
  };
}

/** uPlot options: the axes of axes.ts, data series, then one dashed line per threshold. */
function plotOptions(ch: Chart, width: number, box: HTMLElement) {
  const label = (v: number) => fmt(v, ch.unit);
  return {
    width,
    height: 170,
    legend: { live: false },
    scales: { x: { time: true }, y: { range: yRange(ch) } },
    axes: axes(ch.unit, box),
    series: [
      {},
      ...ch.series.map((s, i) => ({
        label: s.label,
        stroke: COLORS[i % COLORS.length],
        width: 1.5,
        value: (_u: unknown, v: number | null) => label(v as number),
      })),
      ...ch.thresholds.map((t) => ({
        label: t.label,
        stroke: TIER_COLORS[t.severity] ?? '#555',
        width: 1,
        dash: [6, 4],
        points: { show: false },
        value: () => label(t.value),
      })),
    ],
  };
}

/** The chart in words, for screen readers and for anyone who cannot read the lines. */
export function describe(ch: Chart, service: string): string {
  const parts = ch.series.map((s) => {
    const vals = s.points.map((p) => p[1]).filter((v): v is number => v !== null);
    if (!vals.length) return `${s.label}: no data`;
    const last = vals[vals.length - 1] as number;
    return `${s.label}: now ${fmt(last, ch.unit)}, lowest ${fmt(Math.min(...vals), ch.unit)}, highest ${fmt(Math.max(...vals), ch.unit)}`;
  });
  const lines = ch.thresholds.map((t) => `${t.label} (${t.rule})`);
  return `${ch.title} of ${service || 'this service'}. ${parts.join('; ')}.${lines.length ? ` Thresholds: ${lines.join('; ')}.` : ''}`;
}

function chartBox(ch: Chart, service: string, width: number): HTMLElement {
  const points = ch.series.reduce((n, s) => n + s.points.filter((p) => p[1] !== null).length, 0);
  const box = el(
    'figure',
    { class: 'chart', 'data-chart': ch.id, 'data-service': service, 'data-points': points },
    [el('figcaption', { class: 'title' }, [ch.title])],
  );
  if (!points) {
    box.appendChild(el('p', { class: 'muted' }, ['no data in this range']));
    return box;
  }
  const plot = el('div', { class: 'plot', 'aria-hidden': 'true' });
  box.appendChild(plot);
  box.appendChild(el('p', { class: 'chart-text' }, [describe(ch, service)]));
  const data = align(ch.series);
  const x = data[0] as number[];
  for (const t of ch.thresholds) data.push(x.map(() => t.value));
  plots.push(new uPlot(plotOptions(ch, width, box), data, plot));
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
  // As many columns as the grid's CSS makes (auto-fill, at least 300 px, 12 px gaps), each plot
  // as wide as its column less the box's padding and border: never wider than the page.
  const avail = root.clientWidth || 1200;
  const cols = Math.max(1, Math.floor((avail + 12) / (300 + 12)));
  const width = Math.max(200, Math.floor((avail - 12 * (cols - 1)) / cols) - 16);
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
