import {
  APDEX,
  ERRORS,
  HTTP_CLIENT_DURATION,
  HTTP_SERVER_ACTIVE,
  HTTP_SERVER_DURATION,
  OPERATION_DURATION,
  RECORDING_RULES as R,
} from '@golden-signals/conventions';
import type { Dashboard } from '@grafana/schema';
import { dashboard } from '../dashboard.ts';
import { queryVariable } from '../datasource.ts';
import { heatmap } from '../panels/heatmap.ts';
import { stat } from '../panels/stat.ts';
import { timeseries } from '../panels/timeseries.ts';
import { BY_SERVICE, selector } from '../promql.ts';

const REQUESTS = `${HTTP_SERVER_DURATION.prometheus}_count`;
const BUCKETS = `${HTTP_SERVER_DURATION.prometheus}_bucket`;
const BY_ROUTE = { ...BY_SERVICE, http_route: '=~"$http_route"' };

/**
 * Golden signals per service and route: traffic, errors, latency (p50/p95/p99 and the heatmap),
 * Apdex, and what the service waits on (outgoing HTTP calls, measured operations).
 * Service-wide panels read the recording rules; per-route ones too, filtered by `$http_route`.
 */
export function goldenSignalsDashboard(): Dashboard {
  return dashboard({
    uid: 'golden-signals-http',
    title: 'Golden signals',
    description: 'Traffic, errors, latency and Apdex per service and route, from the golden-signals preload.',
    tags: ['http'],
    variables: [
      queryVariable({
        name: 'service_name',
        label: 'Service',
        query: `label_values(${REQUESTS}, service_name)`,
      }),
      queryVariable({
        name: 'http_route',
        label: 'Route',
        query: `label_values(${REQUESTS}{service_name=~"$service_name"}, http_route)`,
      }),
    ],
    rows: [
      {
        title: 'Service',
        panels: [
          stat({
            title: 'Requests',
            unit: 'reqps',
            query: { expr: selector(R.SERVICE_REQUEST_RATE, BY_SERVICE), legend: '{{service_name}}' },
          }),
          stat({
            title: 'Error ratio',
            unit: 'percentunit',
            description: 'Failed requests (5xx, timeouts, aborts) over all requests; 4xx are not errors.',
            query: { expr: selector(R.SERVICE_ERROR_RATIO, BY_SERVICE), legend: '{{service_name}}' },
            // The alerting service's HTTPErrorRatio tiers (error_rate profile from 2 %): orange at
            // warning (4 %), red at critical (10 %); test/deploy checks they agree.
            steps: [
              { color: 'green', value: null },
              { color: 'orange', value: 0.04 },
              { color: 'red', value: 0.1 },
            ],
          }),
          stat({
            title: 'p99 latency',
            unit: 's',
            query: { expr: selector(R.SERVICE_LATENCY_P99, BY_SERVICE), legend: '{{service_name}}' },
            steps: [
              { color: 'green', value: null },
              { color: 'orange', value: APDEX.satisfied * 2 },
              { color: 'red', value: APDEX.tolerating },
            ],
          }),
          stat({
            title: 'Apdex',
            unit: 'percentunit',
            description: `Satisfied under ${APDEX.satisfied} s, tolerating under ${APDEX.tolerating} s; failures are frustrated.`,
            query: { expr: selector(R.SERVICE_APDEX, BY_SERVICE), legend: '{{service_name}}' },
            steps: [
              { color: 'red', value: null },
              { color: 'orange', value: 0.7 },
              { color: 'green', value: 0.85 },
            ],
          }),
        ],
      },
      {
        title: 'Traffic and errors',
        panels: [
          timeseries({
            title: 'Requests by route',
            unit: 'reqps',
            queries: [
              {
                expr: selector(R.SERVICE_ROUTE_REQUEST_RATE, BY_ROUTE),
                legend: '{{service_name}} {{http_route}}',
              },
            ],
          }),
          timeseries({
            title: 'Requests by status code',
            unit: 'reqps',
            stack: true,
            queries: [
              {
                expr: `sum by (http_response_status_code) (rate(${selector(REQUESTS, BY_ROUTE)}[$__rate_interval]))`,
                legend: '{{http_response_status_code}}',
              },
            ],
          }),
          timeseries({
            title: 'Error ratio by route',
            unit: 'percentunit',
            min: 0,
            queries: [
              {
                expr: selector(R.SERVICE_ROUTE_ERROR_RATIO, BY_ROUTE),
                legend: '{{service_name}} {{http_route}}',
              },
            ],
          }),
          timeseries({
            title: 'Errors by type and class',
            description:
              'Every error the app saw (server, client and measured operations), by error_severity.',
            unit: 'short',
            stack: true,
            queries: [
              {
                expr: `sum by (error_type, error_severity, error_source) (rate(${selector(ERRORS.prometheus, BY_SERVICE)}[$__rate_interval]))`,
                legend: '{{error_type}} ({{error_severity}}, {{error_source}})',
              },
            ],
          }),
        ],
      },
      {
        title: 'Latency',
        panels: [
          timeseries({
            title: 'Latency p50 / p95 / p99',
            unit: 's',
            queries: [
              { expr: selector(R.SERVICE_LATENCY_P50, BY_SERVICE), legend: 'p50 {{service_name}}' },
              { expr: selector(R.SERVICE_LATENCY_P95, BY_SERVICE), legend: 'p95 {{service_name}}' },
              { expr: selector(R.SERVICE_LATENCY_P99, BY_SERVICE), legend: 'p99 {{service_name}}' },
            ],
          }),
          heatmap({
            title: 'Latency distribution',
            expr: `sum by (le) (rate(${selector(BUCKETS, BY_ROUTE)}[$__rate_interval]))`,
          }),
          timeseries({
            title: 'p99 latency by route',
            unit: 's',
            queries: [
              {
                expr: selector(R.SERVICE_ROUTE_LATENCY_P99, BY_ROUTE),
                legend: '{{service_name}} {{http_route}}',
              },
            ],
          }),
          timeseries({
            title: 'Apdex by route',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              { expr: selector(R.SERVICE_ROUTE_APDEX, BY_ROUTE), legend: '{{service_name}} {{http_route}}' },
            ],
          }),
          timeseries({
            title: 'Requests in flight',
            unit: 'short',
            queries: [
              {
                expr: `sum by (service_name) (${selector(HTTP_SERVER_ACTIVE.prometheus, BY_SERVICE)})`,
                legend: '{{service_name}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Dependencies',
        panels: [
          timeseries({
            title: 'Outgoing HTTP p99 by server',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (server_address, le) (rate(${selector(`${HTTP_CLIENT_DURATION.prometheus}_bucket`, BY_SERVICE)}[$__rate_interval])))`,
                legend: '{{server_address}}',
              },
            ],
          }),
          timeseries({
            title: 'Measured operations p99',
            description: 'Operations timed with measure() (database calls, jobs), by name and outcome.',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (operation_name, outcome, le) (rate(${selector(`${OPERATION_DURATION.prometheus}_bucket`, BY_SERVICE)}[$__rate_interval])))`,
                legend: '{{operation_name}} {{outcome}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
