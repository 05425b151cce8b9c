/**
 * The charts' axes: y labels in the chart's unit with an axis as wide as its widest label (a
 * fixed width clipped "100.0 %"), x labels as short clock times spaced by their measured width
 * (uPlot's default two-line labels overlapped on narrow charts). What each axis drew is written
 * on the chart's element (`data-y-axis`, `data-x-axis`) so a test can measure it.
 */
import { fmt } from './dom.ts';

/** The axes' font: the page's, at uPlot's default size. */
export const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Arial, sans-serif';
/** uPlot's default tick length and label gap, in CSS px. */
const TICK = 10;
const GAP = 5;

let measure: CanvasRenderingContext2D | null = null;

/** Width in CSS px of `text` in {@link AXIS_FONT}. */
export function textWidth(text: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = AXIS_FONT;
  return measure.measureText(text).width;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A clock time (`14:05`), with the date (`12-01 14:05`) when the range spans more than a day. */
export function timeLabel(seconds: number, spanSeconds: number): string {
  const d = new Date(seconds * 1000);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return spanSeconds > 86_400 ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}` : hm;
}

/** The part of a uPlot instance the axes read. */
interface Plot {
  valToPos(v: number, scale: string): number;
}

/** The two axes' options for a chart in `unit`, recording what they draw on `box`. */
export function axes(unit: string, box: HTMLElement) {
  return [
    {
      font: AXIS_FONT,
      space: (_u: unknown, _i: number, min: number, max: number) => textWidth(timeLabel(max, max - min)) + 24,
      values: (u: Plot, splits: number[]) => {
        const span = splits.length > 1 ? (splits[splits.length - 1] as number) - (splits[0] as number) : 0;
        const labels = splits.map((s) => timeLabel(s, span));
        box.dataset.xAxis = JSON.stringify(splits.map((s, i) => [u.valToPos(s, 'x'), labels[i]]));
        return labels;
      },
    },
    {
      font: AXIS_FONT,
      values: (_u: unknown, vals: number[]) => vals.map((v) => fmt(v, unit)),
      size: (_u: unknown, vals: string[] | null) => {
        const size = Math.ceil(Math.max(24, ...(vals ?? []).map(textWidth))) + TICK + GAP + 4;
        box.dataset.yAxis = JSON.stringify({ size, labels: vals ?? [] });
        return size;
      },
    },
  ];
}
