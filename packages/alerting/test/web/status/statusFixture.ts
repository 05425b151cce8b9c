/**
 * What the status page's browser tests show: a shop whose history (20 minutes, in a real
 * backfilled Prometheus) ends in an incident on checkout, the alerts the engine would hold for it
 * (one silenced, one inhibited) and the rules they come from.
 */
import type { Alert } from '../../../src/alert.ts';
import type { SeveritySpec } from '../../../src/types.ts';
import type { ChartRule } from '../../../src/web/status/chartThresholds.ts';
import type { BackfillSeries } from '../../helpers/backfilledPrometheus.ts';

/** ∫ rate over minutes 0..m (a counter's value), in steps of 1/4 minute. */
function counter(rate: (m: number) => number): (m: number) => number {
  return (m) => {
    let sum = 0;
    for (let x = 0; x < m; x += 0.25) sum += rate(x) * 15;
    return Math.round(sum);
  };
}

/** The incident starts 8 minutes before the end of the 20. */
const incident = (m: number) => m >= 12;
const LE = ['0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
const CALM = [0.7, 0.95, 0.995, 1, 1, 1];
const SLOW = [0.4, 0.7, 0.9, 0.995, 1, 1];

function service(name: string, rps: number, errorRatio: (m: number) => number, slow: (m: number) => boolean) {
  const ok = (m: number) => rps * (1 - errorRatio(m));
  const series: BackfillSeries[] = [
    { name: 'http_server_request_duration_seconds_count', labels: { service_name: name }, at: counter(ok) },
    {
      name: 'http_server_request_duration_seconds_count',
      labels: { service_name: name, error_type: '500' },
      at: counter((m) => rps * errorRatio(m)),
    },
  ];
  LE.forEach((le, i) => {
    series.push({
      name: 'http_server_request_duration_seconds_bucket',
      labels: { service_name: name, le },
      at: counter((m) => rps * (slow(m) ? SLOW[i]! : CALM[i]!)),
    });
  });
  return series;
}

const gauge = (labels: Record<string, string>, at: (m: number) => number): BackfillSeries => ({
  name: 'saturation_ratio',
  labels,
  at,
});

/** The shop's history. */
export const SHOP: readonly BackfillSeries[] = [
  ...service('checkout', 20, (m) => (incident(m) ? 0.31 : 0.004), incident),
  ...service(
    'search',
    6,
    () => 0,
    () => false,
  ),
  gauge({ service_name: 'checkout', resource: 'cpu' }, (m) => 0.35 + 0.1 * Math.sin(m)),
  gauge({ service_name: 'checkout', resource: 'memory' }, (m) => (incident(m) ? 0.86 : 0.62)),
  gauge({ service_name: 'search', resource: 'cpu' }, () => 0.21),
  {
    name: 'business_revenue_total',
    labels: { currency: 'USD' },
    at: counter((m) => (incident(m) ? 0.9 : 2.4)),
  },
  { name: 'business_events_total', labels: { event: 'page_view' }, at: counter(() => 9) },
  { name: 'business_events_total', labels: { event: 'signup' }, at: counter(() => 0.3) },
  {
    name: 'business_events_total',
    labels: { event: 'purchase' },
    at: counter((m) => (incident(m) ? 0.1 : 0.25)),
  },
];

const tiers = (info: number, warning: number, critical: number): SeveritySpec => ({
  tiers: [
    { severity: 'info', threshold: info },
    { severity: 'warning', threshold: warning },
    { severity: 'critical', threshold: critical },
  ],
  direction: 'above',
  context: [],
});

const COUNT = 'http_server_request_duration_seconds_count';
/** The rules behind the alerts (as the engine's rules() lists them). */
export const RULES: readonly ChartRule[] = [
  {
    name: 'CheckoutLatencyP99',
    expr: 'histogram_quantile(0.99, sum by (service_name, le) (rate(http_server_request_duration_seconds_bucket[1m])))',
    labels: { signal: 'latency' },
    annotations: {},
    severity: tiers(0.3, 0.5, 1.5),
  },
  {
    name: 'SearchLatencyP99',
    expr: 'histogram_quantile(0.99, sum by (service_name, le) (rate(http_server_request_duration_seconds_bucket[1m])))',
    labels: {},
    annotations: {},
    severity: tiers(0.3, 0.5, 1.5),
  },
  {
    name: 'CheckoutErrorRatio',
    expr: `sum by (service_name) (rate(${COUNT}{error_type!=""}[1m])) / sum by (service_name) (rate(${COUNT}[1m]))`,
    labels: { signal: 'errors' },
    annotations: {},
    severity: tiers(0.02, 0.05, 0.2),
  },
  {
    name: 'MemorySaturation',
    expr: 'max by (service_name) (saturation_ratio{resource="memory"})',
    labels: {},
    annotations: {},
    severity: tiers(0.75, 0.85, 0.95),
  },
  {
    name: 'ApdexLow',
    expr: 'service:http_server_apdex:ratio_rate5m',
    labels: {},
    annotations: {},
    severity: { ...tiers(0.9, 0.85, 0.7), direction: 'below' as const },
  },
  {
    name: 'HeapUsed',
    expr: 'nodejs_heap_used',
    labels: { signal: 'saturation' },
    annotations: { unit: 'bytes' },
  },
];

function alert(
  name: string,
  service: string,
  severity: string,
  value: number,
  extra: Partial<Alert> = {},
): Alert {
  return {
    fingerprint: `${name}/${service}`,
    labels: { alertname: name, service_name: service, severity },
    annotations: { summary: `${service}: ${name}` },
    state: 'firing',
    severity,
    reasons: [`value past ${severity}`],
    value,
    activeAt: Date.now() - 7 * 60_000,
    firedAt: Date.now() - 6 * 60_000,
    ...extra,
  };
}

/** The alerts, and how the notifier would mute them. */
export const ALERTS: readonly Alert[] = [
  alert('CheckoutLatencyP99', 'checkout', 'warning', 0.998, { threshold: 0.5 }),
  alert('SearchLatencyP99', 'search', 'critical', 2.3, { threshold: 1.5 }),
  alert('CheckoutErrorRatio', 'checkout', 'critical', 0.31, { threshold: 0.2 }),
  alert('MemorySaturation', 'checkout', 'warning', 0.86, { threshold: 0.85 }),
  alert('ApdexLow', 'search', 'info', 0.88, { threshold: 0.9 }),
  alert('HeapUsed', 'checkout', 'info', 1.5 * 1024 ** 3, { state: 'pending', firedAt: undefined }),
];

/** SearchLatencyP99 is silenced, MemorySaturation inhibited (by the critical error ratio). */
export function mutedBy(a: Alert): 'silenced' | 'inhibited' | undefined {
  if (a.labels.alertname === 'SearchLatencyP99') return 'silenced';
  if (a.labels.alertname === 'MemorySaturation') return 'inhibited';
  return undefined;
}
