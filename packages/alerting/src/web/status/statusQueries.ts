/**
 * The PromQL behind the status page, built from the metric names the instrumentation exports
 * (packages/conventions). Raw series rather than the recording rules of deploy/prometheus, so the
 * page works against any Prometheus that scrapes an instrumented app, with any rate window.
 */

const COUNT = 'http_server_request_duration_seconds_count';
const BUCKET = 'http_server_request_duration_seconds_bucket';

/** The golden signals, as the seed's dashboard names them. */
export const SIGNALS = ['latency', 'traffic', 'errors', 'saturation'] as const;
/** One of {@link SIGNALS}. */
export type Signal = (typeof SIGNALS)[number];

/** Requests per second by service over `w`. */
export function requestRate(w: string): string {
  return `sum by (service_name) (rate(${COUNT}[${w}]))`;
}

/** Failed over all requests (0..1) by service; 0, not absent, while nothing failed. */
export function errorRatio(w: string): string {
  const all = requestRate(w);
  return `(sum by (service_name) (rate(${COUNT}{error_type!=""}[${w}])) or 0 * ${all}) / ${all}`;
}

/** Latency quantile `q` (0..1) of HTTP server requests by service, seconds. */
export function latencyQuantile(q: number, w: string): string {
  return `histogram_quantile(${q}, sum by (service_name, le) (rate(${BUCKET}[${w}])))`;
}

/** Current saturation (0..1) by service and resource: the busiest disk stands for "disk". */
export const SATURATION = 'max by (service_name, resource) (saturation_ratio)';

/** The instant queries of the signal cards. */
export function cardQueries(w: string): Record<string, string> {
  return {
    rate: requestRate(w),
    errorRatio: errorRatio(w),
    p50: latencyQuantile(0.5, w),
    p95: latencyQuantile(0.95, w),
    p99: latencyQuantile(0.99, w),
    saturation: SATURATION,
  };
}

/** One chart of the per-service chart grid. */
export interface ChartSpec {
  readonly id: 'rate' | 'errorRatio' | 'p99' | 'saturation';
  readonly title: string;
  /** The golden signal whose alerting rules draw their thresholds on this chart. */
  readonly signal: Signal;
  /** The legend's name of the one line of a service (saturation names its lines by resource). */
  readonly lineName: string;
  /** How the page formats values: requests per second, a 0..1 ratio, seconds. */
  readonly unit: 'rps' | 'ratio' | 'seconds';
  readonly query: string;
  /** The label naming each line inside a service's chart (saturation has one line per resource). */
  readonly seriesLabel?: string;
}

/** The four golden-signal charts per service, from range queries. */
export function chartSpecs(w: string): readonly ChartSpec[] {
  return [
    {
      id: 'rate',
      title: 'Traffic',
      signal: 'traffic',
      lineName: 'requests per second',
      unit: 'rps',
      query: requestRate(w),
    },
    {
      id: 'errorRatio',
      title: 'Errors',
      signal: 'errors',
      lineName: 'failed requests (share of all)',
      unit: 'ratio',
      query: errorRatio(w),
    },
    {
      id: 'p99',
      title: 'Latency',
      signal: 'latency',
      lineName: '99th percentile latency',
      unit: 'seconds',
      query: latencyQuantile(0.99, w),
    },
    {
      id: 'saturation',
      title: 'Saturation',
      signal: 'saturation',
      lineName: 'saturation',
      unit: 'ratio',
      query: SATURATION,
      seriesLabel: 'resource',
    },
  ];
}

/**
 * The business cards' queries. Revenue "today" runs from local midnight to now, compared with
 * yesterday over the same hours (a fair comparison at 10:00, unlike yesterday's full day).
 */
export function businessQueries(sinceMidnightSeconds: number, w: string): Record<string, string> {
  // increase() needs at least two samples: never ask for less than a minute.
  const today = `${Math.max(60, Math.floor(sinceMidnightSeconds))}s`;
  const events = (e: string) => `sum(rate(business_events_total{event="${e}"}[${w}]))`;
  return {
    revenueToday: `sum by (currency) (increase(business_revenue_total[${today}]))`,
    revenueYesterday: `sum by (currency) (increase(business_revenue_total[${today}] offset 1d))`,
    pageViews: events('page_view'),
    signups: events('signup'),
    purchases: events('purchase'),
  };
}

/** Seconds since local midnight of `now` in the process' time zone. */
export function secondsSinceMidnight(now: number): number {
  const d = new Date(now);
  return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
}

/** A range query's step for `rangeSeconds`: about 240 points, never under 1 s. */
export function stepFor(rangeSeconds: number): number {
  return Math.max(1, Math.round(rangeSeconds / 240));
}
