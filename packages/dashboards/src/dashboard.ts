import { type Dashboard, DashboardCursorSync, type VariableModel } from '@grafana/schema';
import { datasourceVariable } from './datasource.ts';
import { layout } from './layout.ts';
import type { RowSpec } from './panels/panelSpec.ts';

/**
 * Grafana's dashboard JSON schema version these dashboards are written against (Grafana 11/12);
 * newer Grafana migrates them on load.
 */
export const SCHEMA_VERSION = 39;

/** Options of {@link dashboard}. */
export interface DashboardOptions {
  /** Stable uid: links between dashboards and alert annotations use it. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags?: readonly string[];
  /** Variables after `datasource` (which every dashboard gets first). */
  readonly variables: readonly VariableModel[];
  readonly rows: readonly RowSpec[];
  /** Default time range, e.g. `now-1h`. */
  readonly from?: string;
}

/** Builds a complete dashboard: datasource variable, laid-out panels, links to its siblings. */
export function dashboard(opts: DashboardOptions): Dashboard {
  return {
    uid: opts.uid,
    title: opts.title,
    description: opts.description,
    tags: ['golden-signals', ...(opts.tags ?? [])],
    editable: true,
    graphTooltip: DashboardCursorSync.Crosshair,
    schemaVersion: SCHEMA_VERSION,
    refresh: '30s',
    time: { from: opts.from ?? 'now-1h', to: 'now' },
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    liveNow: false,
    links: [
      {
        title: 'golden-signals',
        type: 'dashboards',
        tags: ['golden-signals'],
        asDropdown: true,
        includeVars: true,
        keepTime: true,
        icon: 'external link',
        targetBlank: false,
        tooltip: '',
        url: '',
      },
    ],
    annotations: { list: [] },
    templating: { list: [datasourceVariable(), ...opts.variables] },
    panels: layout(opts.rows),
  };
}
