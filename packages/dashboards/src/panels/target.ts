import { DATASOURCE } from '../datasource.ts';

/** One PromQL query of a panel, in the shape Grafana's Prometheus data source stores. */
export interface PromTarget extends Record<string, unknown> {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat?: string;
  /** Instant queries for stats and bar gauges (one value), range queries for graphs. */
  readonly instant?: boolean;
  readonly range?: boolean;
  readonly format?: 'time_series' | 'heatmap' | 'table';
}

/** What a dashboard author writes: the query and its legend; refIds are assigned in order. */
export interface QuerySpec {
  readonly expr: string;
  readonly legend?: string;
}

/** Turns query specs into Grafana targets: refIds A, B, C..., all on the `datasource` variable. */
export function targets(
  queries: readonly QuerySpec[],
  mode: { instant?: boolean; format?: PromTarget['format'] } = {},
): PromTarget[] {
  return queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    instant: mode.instant ?? false,
    range: !(mode.instant ?? false),
    format: mode.format ?? 'time_series',
  }));
}
