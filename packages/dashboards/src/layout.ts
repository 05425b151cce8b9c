import type { Panel, RowPanel } from '@grafana/schema';
import type { RowSpec } from './panels/panelSpec.ts';

/** Grafana's grid is 24 columns wide. */
const GRID_WIDTH = 24;

/**
 * Places rows of panels on Grafana's grid, left to right and wrapping, and numbers every panel.
 * Pure and deterministic, so the generated JSON only changes when a dashboard does.
 */
export function layout(rows: readonly RowSpec[]): Array<Panel | RowPanel> {
  const out: Array<Panel | RowPanel> = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    out.push({
      type: 'row',
      title: row.title,
      id: id++,
      collapsed: false,
      panels: [],
      gridPos: { x: 0, y, w: 24, h: 1 },
    });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const spec of row.panels) {
      if (x + spec.w > GRID_WIDTH) {
        x = 0;
        y += lineHeight;
        lineHeight = 0;
      }
      out.push({ ...spec.panel, id: id++, gridPos: { x, y, w: spec.w, h: spec.h } });
      x += spec.w;
      lineHeight = Math.max(lineHeight, spec.h);
    }
    y += lineHeight;
  }
  return out;
}
