import type { Dashboard } from '@grafana/schema';
import { alertsDashboard } from './dashboards/alerts.ts';
import { businessDashboard } from './dashboards/business.ts';
import { goldenSignalsDashboard } from './dashboards/goldenSignals.ts';
import { saturationDashboard } from './dashboards/saturation.ts';

/** A dashboard and the file it is written to in deploy/grafana/dashboards/. */
export interface DashboardFile {
  readonly file: string;
  readonly dashboard: Dashboard;
}

/** Every dashboard golden-signals ships, in the order Grafana's folder lists them. */
export function allDashboards(): DashboardFile[] {
  return [
    { file: 'golden-signals.json', dashboard: goldenSignalsDashboard() },
    { file: 'saturation.json', dashboard: saturationDashboard() },
    { file: 'business.json', dashboard: businessDashboard() },
    { file: 'alerts.json', dashboard: alertsDashboard() },
  ];
}

/** The JSON text written for a dashboard: stable key order, two-space indent, final newline. */
export function renderDashboard(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
