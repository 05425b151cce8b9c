import {
  ALERTING_METRICS,
  NOTIFY_FAILED,
  NOTIFY_OUTBOX_DEPTH,
  NOTIFY_SENT,
} from '@golden-signals/conventions';
import type { Dashboard } from '@grafana/schema';
import { dashboard } from '../dashboard.ts';
import { queryVariable } from '../datasource.ts';
import { stat } from '../panels/stat.ts';
import { timeseries } from '../panels/timeseries.ts';
import { selector } from '../promql.ts';

const E = ALERTING_METRICS;
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
        query: `label_values(${E.ruleEvaluations}, job)`,
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
              expr: `sum by (severity) (${selector(E.alerts, { ...ENGINE_JOB, state: '="firing"' })})`,
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
                expr: `sum by (state, severity) (${selector(E.alerts, ENGINE_JOB)})`,
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
                expr: `sum(rate(${selector(E.ruleEvaluations, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'evaluations',
              },
              {
                expr: `sum(rate(${selector(E.ruleEvaluationFailures, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'failures',
              },
            ],
          }),
          timeseries({
            title: 'Evaluation cycle duration p99',
            description:
              'One cycle evaluates every rule, queries included; the budget is 2 s for 1,000 rules.',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (le) (rate(${selector(`${E.cycleDuration}_bucket`, ENGINE_JOB)}[$__rate_interval])))`,
                legend: 'p99',
              },
            ],
          }),
          timeseries({
            title: 'Prometheus reachable from the engine',
            description:
              '0 while queries fail: alerts are held (never resolved) and AlertingDataSourceDown fires after the grace period.',
            unit: 'short',
            min: 0,
            max: 1,
            queries: [
              {
                expr: `min by (instance) (${selector(E.datasourceUp, ENGINE_JOB)})`,
                legend: 'data source {{instance}}',
              },
              {
                expr: `min by (instance) (${selector(E.configReloadSuccess, ENGINE_JOB)})`,
                legend: 'last reload ok {{instance}}',
              },
            ],
          }),
          timeseries({
            title: 'Notifications waiting in the outbox',
            description:
              'Written before sending, removed once the receiver accepts: a growing line means a receiver is failing.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (receiver) (${selector(NOTIFY_OUTBOX_DEPTH.prometheus, ENGINE_JOB)})`,
                legend: '{{receiver}}',
              },
            ],
          }),
          timeseries({
            title: 'Notifications by receiver',
            unit: 'short',
            queries: [
              {
                expr: `sum by (receiver) (rate(${selector(NOTIFY_SENT.prometheus, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'sent {{receiver}}',
              },
              {
                expr: `sum by (receiver) (rate(${selector(NOTIFY_FAILED.prometheus, ENGINE_JOB)}[$__rate_interval]))`,
                legend: 'failed {{receiver}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
