import type { Dashboard, Panel, RowPanel } from '@grafana/schema';

/** One PromQL query found in a dashboard, with where it came from (for test failure messages). */
export interface DashboardQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
  /** Instant (stat, bar gauge) or range (graph, heatmap). */
  readonly instant: boolean;
}

/** Every panel query of a dashboard, rows' nested panels included. */
export function panelQueries(d: Dashboard): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  const visit = (p: Panel | RowPanel): void => {
    if (p.type === 'row') {
      for (const child of (p as RowPanel).panels) visit(child);
      return;
    }
    for (const t of (p as Panel).targets ?? []) {
      if (typeof t.expr !== 'string') continue;
      out.push({
        dashboard: d.title ?? d.uid ?? '?',
        panel: p.title ?? '?',
        refId: String(t.refId),
        expr: t.expr,
        instant: t.instant === true,
      });
    }
  };
  for (const p of d.panels ?? []) visit(p);
  return out;
}

/** The `label_values(...)` queries of a dashboard's query variables, by variable name. */
export function variableQueries(d: Dashboard): Array<{ name: string; query: string }> {
  const out: Array<{ name: string; query: string }> = [];
  for (const v of d.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'string' ? v.query : (v.query as { query?: unknown } | undefined)?.query;
    if (typeof q === 'string') out.push({ name: v.name, query: q });
  }
  return out;
}

/**
 * Replaces Grafana's template variables in a query, for running it outside Grafana (tests, promtool).
 * `values` maps variable names (without `$`) to their text; `$__rate_interval`, `$__interval` and
 * `$__range` need values too. Longest names first, so `$__range` never eats `$__range_s`.
 */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>>): string {
  const names = Object.keys(values).sort((a, b) => b.length - a.length);
  let out = expr;
  for (const name of names) {
    out = out.replaceAll(`\${${name}}`, values[name]!).replaceAll(`$${name}`, values[name]!);
  }
  return out;
}
