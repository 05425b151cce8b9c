import type { Dashboard } from '@grafana/schema';
import { dashboard } from '../dashboard.ts';
import { queryVariable } from '../datasource.ts';
import { stat } from '../panels/stat.ts';
import { timeseries } from '../panels/timeseries.ts';
import { selector } from '../promql.ts';

/**
 * The alerting service's own metrics, as this dashboard expects them. They belong in
 * packages/conventions once the engine declares them there; until then they are kept here, in
 * one place, and test/deploy lists them as the only names it does not find in conventions.
 */
export const ALERTING_ENGINE_METRICS = {
  ALERTS: 'golden_signals_alerting_alerts',
  EVALUATIONS: 'golden_signals_alerting_rule_evaluations_total',
  EVALUATION_FAILURES: 'golden_signals_alerting_rule_evaluation_failures_total',
  EVALUATION_DURATION: 'golden_signals_alerting_rule_evaluation_duration_seconds',
  NOTIFICATIONS: 'golden_signals_alerting_notifications_total',
  NOTIFICATIONS_FAILED: 'golden_signals_alerting_notifications_failed_total',
} as const;

const E = ALERTING_ENGINE_METRICS;
const ENGINE_JOB = { job: '=~"$alerting_job"' };

/**
 * Alerts: what fires, by severity, from the golden-signals engine and from plain Prometheus rules,
 * and the engine's own health (is it evaluating, failing, notifying?).
 */
export function alertsDashboard(): Dashboard {
  return dashboard({
    uid: 'golden-signals-alerts',
    title: 'Alerts',
    description: 'Firing alerts by severity and the health of the golden-signals alerting service.',
    tags: ['alerts'],
    from: 'now-6h',
    variables: [
      queryVariable({ name: 'service_name', label: 'Service', query: 'label_values(ALERTS, service_name)' }),
      queryVariable({
        name: 'alerting_job',
        label: 'Alerting job',
        query: `label_values(${E.EVALUATIONS}, job)`,
      }),
    ],
    rows: [
      {
        title: 'Firing',
        panels: [
          stat({
            title: 'Firing now by severity (golden-signals engine)',
            unit: 'short',
            w: 12,
            query: {
              expr: `sum by (severity) (${selector(E.ALERTS, { ...ENGINE_JOB, state: '="firing"' })})`,
              legend: '{{severity}}',
            },
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 1 },
            ],
          }),
          stat({
            title: 'Firing now by severity (Prometheus rules)',
            unit: 'short',
            w: 12,
            query: {
              expr: `count by (severity) (${selector('ALERTS', { alertstate: '="firing"', service_name: '=~"$service_name"' })}) or count by (severity) (${selector('ALERTS', { service_name: '=~"$service_name"' })}) * 0`,
              legend: '{{severity}}',
            },
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 1 },
            ],
          }),
          timeseries({
            title: 'Alerts by state and severity (engine)',
            unit: 'short',
            stack: true,
            queries: [
              {
                expr: `sum by (state, severity) (${selector(E.ALERTS, ENGINE_JOB)})`,
                legend: '{{state}} {{severity}}',
              },
            ],
          }),
          timeseries({
            title: 'Pending and firing Prometheus alerts',
            unit: 'short',
            stack: true,
            queries: [
              {
                expr: `count by (alertname, alertstate, severity) (${selector('ALERTS', { service_name: '=~"$service_name"' })})`,
                legend: '{{alertname}} {{alertstate}} {{severity}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Alerting service health',
        panels: [
          stat({
            title: 'Alerting service up',
            unit: 'short',
            w: 6,
            query: { expr: `min(${selector('up', ENGINE_JOB)})`, legend: 'up' },
            steps: [
              { color: 'red', value: null },
              { color: 'green', value: 1 },
            ],
          }),
          timeseries({
            title: 'Rule evaluations and failures per second',
            description: 'Failures are held, not resolved; a long run raises AlertingDataSourceDown.',
            unit: 'short',
            w: 18,
            queries: [
              {
                expr: `sum(rate(${selector(E.EVALUATIONS, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'evaluations',
              },
              {
                expr: `sum(rate(${selector(E.EVALUATION_FAILURES, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'failures',
              },
            ],
          }),
          timeseries({
            title: 'Evaluation duration p99',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (le) (rate(${selector(`${E.EVALUATION_DURATION}_bucket`, ENGINE_JOB)}[$__rate_interval])))`,
                legend: 'p99',
              },
            ],
          }),
          timeseries({
            title: 'Notifications by receiver',
            unit: 'short',
            queries: [
              {
                expr: `sum by (receiver) (rate(${selector(E.NOTIFICATIONS, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'sent {{receiver}}',
              },
              {
                expr: `sum by (receiver) (rate(${selector(E.NOTIFICATIONS_FAILED, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'failed {{receiver}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
