import type { Panel } from '@grafana/schema';

/** A panel before layout: its width and height in grid units (24 columns), no position or id yet. */
export interface PanelSpec {
  readonly panel: Panel;
  /** Width in grid columns, 1..24. */
  readonly w: number;
  /** Height in grid rows (30 px each). */
  readonly h: number;
}

/** A titled row of panels. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** Common inputs of every panel builder. */
export interface PanelOptions {
  readonly title: string;
  readonly description?: string;
  /** Grafana unit id (`reqps`, `percentunit`, `s`, `short`, ...), or `currency`: each series in its `currency` label's unit. */
  readonly unit?: string;
  readonly w?: number;
  readonly h?: number;
}
