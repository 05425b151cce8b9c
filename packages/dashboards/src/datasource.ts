import {
  type DataSourceRef,
  VariableHide,
  type VariableModel,
  VariableRefresh,
  VariableSort,
} from '@grafana/schema';

/**
 * Every panel and query variable points at the `datasource` template variable, never at a fixed
 * uid: the same JSON then works when provisioned from files (the variable defaults to the
 * provisioned Prometheus) and when imported by hand into a Grafana whose Prometheus has another uid.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template.
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The `datasource` variable: any Prometheus-compatible data source (Prometheus, Mimir, Thanos, VM). */
export function datasourceVariable(): VariableModel {
  return {
    name: 'datasource',
    label: 'Data source',
    type: 'datasource',
    query: 'prometheus',
    current: { text: 'Prometheus', value: 'prometheus' },
    refresh: VariableRefresh.onDashboardLoad,
    hide: VariableHide.dontHide,
  };
}

/** Options of {@link queryVariable}. */
export interface QueryVariableOptions {
  /** Variable name, used in queries as `$name`. */
  readonly name: string;
  readonly label: string;
  /** A `label_values(metric{...}, label)` query. */
  readonly query: string;
  /** Allow several values and "All" (the queries then use `=~"$name"`). Default true. */
  readonly multi?: boolean;
}

/**
 * A variable filled from Prometheus label values. "All" means `.*` rather than the list of values,
 * so a new service or route appears without reloading the dashboard and the URL stays short.
 */
export function queryVariable(opts: QueryVariableOptions): VariableModel {
  const multi = opts.multi ?? true;
  return {
    name: opts.name,
    label: opts.label,
    type: 'query',
    datasource: DATASOURCE,
    query: { query: opts.query, refId: `${opts.name}-values` },
    // New services and routes show up when the user moves the time picker.
    refresh: VariableRefresh.onTimeRangeChanged,
    sort: VariableSort.alphabeticalAsc,
    multi,
    includeAll: multi,
    allValue: multi ? '.*' : undefined,
    current: multi ? { text: 'All', value: '$__all' } : undefined,
    hide: VariableHide.dontHide,
  };
}
