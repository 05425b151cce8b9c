/**
 * Names of the Prometheus recording rules shipped in deploy/prometheus/rules/golden-signals.yml and
 * saturation.yml, following Prometheus' `level:metric:operations` convention
 * (https://prometheus.io/docs/practices/rules/). Dashboards, alerting rules and the alerting engine
 * import them from here, so a rename breaks a test instead of a panel.
 *
 * Levels: `service` aggregates by `service_name`; `service_route` by `service_name` and `http_route`;
 * `service_resource` by `service_name` and `resource` (plus `mountpoint` for disks).
 */
export const RECORDING_RULES = {
  /** Requests per second by service (all methods, routes and statuses). */
  SERVICE_REQUEST_RATE: 'service:http_server_requests:rate5m',
  /** Requests per second by service and route. */
  SERVICE_ROUTE_REQUEST_RATE: 'service_route:http_server_requests:rate5m',
  /** Failed requests per second (error_type set: 5xx, aborted, timeout) by service. */
  SERVICE_ERROR_RATE: 'service:http_server_errors:rate5m',
  /** Failed requests per second by service and route. */
  SERVICE_ROUTE_ERROR_RATE: 'service_route:http_server_errors:rate5m',
  /** Failed over all requests, 0..1, by service (0, not absent, when nothing failed). */
  SERVICE_ERROR_RATIO: 'service:http_server_error_ratio:rate5m',
  /** Failed over all requests, 0..1, by service and route. */
  SERVICE_ROUTE_ERROR_RATIO: 'service_route:http_server_error_ratio:rate5m',
  /** Error ratio over one hour: the slower window that keeps a brief spike from paging alone. */
  SERVICE_ERROR_RATIO_1H: 'service:http_server_error_ratio:rate1h',
  /** Latency quantiles from the histogram, by service. */
  SERVICE_LATENCY_P50: 'service:http_server_request_duration_seconds:p50_5m',
  SERVICE_LATENCY_P95: 'service:http_server_request_duration_seconds:p95_5m',
  SERVICE_LATENCY_P99: 'service:http_server_request_duration_seconds:p99_5m',
  /** Latency quantiles from the histogram, by service and route. */
  SERVICE_ROUTE_LATENCY_P50: 'service_route:http_server_request_duration_seconds:p50_5m',
  SERVICE_ROUTE_LATENCY_P95: 'service_route:http_server_request_duration_seconds:p95_5m',
  SERVICE_ROUTE_LATENCY_P99: 'service_route:http_server_request_duration_seconds:p99_5m',
  /** Apdex 0..1 by service (see {@link APDEX}). */
  SERVICE_APDEX: 'service:http_server_apdex:ratio_rate5m',
  /** Apdex 0..1 by service and route. */
  SERVICE_ROUTE_APDEX: 'service_route:http_server_apdex:ratio_rate5m',
  /** Highest current saturation of each resource across a service's instances, 0..1. */
  SERVICE_RESOURCE_SATURATION_MAX: 'service_resource:saturation_ratio:max',
  /** The same, averaged over 5 minutes first, so alerts ignore a single busy scrape. */
  SERVICE_RESOURCE_SATURATION_AVG5M: 'service_resource:saturation_ratio:max_avg5m',
  /** 99th percentile event-loop delay in seconds, by service. */
  SERVICE_EVENTLOOP_DELAY_P99: 'service:nodejs_eventloop_delay_seconds:p99_5m',
} as const;

/** Any recording rule name golden-signals ships. */
export type RecordingRuleName = (typeof RECORDING_RULES)[keyof typeof RECORDING_RULES];

/**
 * Apdex thresholds, in seconds. A request is satisfied at or under `satisfied` and tolerating at or
 * under `tolerating` (4T, per the Apdex specification); Apdex = (satisfied + tolerating / 2) / total.
 * Both are boundaries of HTTP_DURATION_BUCKETS, so the histogram answers exactly without
 * interpolation: `le="0.25"` and `le="1"`. Failed requests count as frustrated whatever their speed.
 */
export const APDEX = {
  satisfied: 0.25,
  tolerating: 1,
} as const;
