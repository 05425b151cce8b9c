/**
 * Histogram boundaries, in seconds.
 *
 * HTTP: the explicit boundaries recommended by the OpenTelemetry HTTP semantic conventions for
 * `http.server.request.duration` and `http.client.request.duration`.
 */
export const HTTP_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/** Operations (DB calls, jobs) reach further out than HTTP handlers: up to a minute. */
export const OPERATION_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** Event-loop delay and GC pauses: sub-millisecond matters. */
export const RUNTIME_PAUSE_BUCKETS: readonly number[] = [
  0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
