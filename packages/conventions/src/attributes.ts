/**
 * Attribute keys. OpenTelemetry semantic conventions where one exists (HTTP semconv 1.23+ stable),
 * our own otherwise. Prometheus label names are these with dots as underscores.
 */
export const ATTR = {
  HTTP_REQUEST_METHOD: 'http.request.method',
  HTTP_ROUTE: 'http.route',
  HTTP_RESPONSE_STATUS_CODE: 'http.response.status_code',
  ERROR_TYPE: 'error.type',
  SERVER_ADDRESS: 'server.address',
  SERVER_PORT: 'server.port',
  /** `2` on HTTP/2 series; HTTP/1.x series leave it out (semconv: Recommended, the default 1.1). */
  NETWORK_PROTOCOL_VERSION: 'network.protocol.version',
  /** The class of an error (low, medium, high, critical). Never `severity`: that label is the alert's. */
  ERROR_SEVERITY: 'error_severity',
  /** Where an error was seen: `http.server`, `http.client` or `operation`. */
  ERROR_SOURCE: 'error.source',
  OPERATION_NAME: 'operation.name',
  /** `success` or `error`. */
  OPERATION_OUTCOME: 'outcome',
  BUSINESS_EVENT: 'event',
  CURRENCY: 'currency',
  /** Saturation resource: cpu, memory, disk, fds, event_loop. */
  RESOURCE: 'resource',
  MOUNTPOINT: 'mountpoint',
} as const;

/** Error classes, mildest first. Seed defaults: connection errors high, timeouts medium, others low. */
export const ERROR_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** One of {@link ERROR_SEVERITIES}. */
export type ErrorSeverity = (typeof ERROR_SEVERITIES)[number];

/** Values of `error.type` that golden-signals itself produces (status codes are used as-is). */
export const ERROR_TYPES = {
  ABORTED: 'aborted',
  TIMEOUT: 'timeout',
  /** The server's own timeout (`server.setTimeout`, `req.setTimeout`) cut the request. */
  SERVER_TIMEOUT: 'server_timeout',
  /** The app destroyed the response with an error (`res.destroy(err)`) before it was sent. */
  DESTROYED: 'destroyed',
  OTHER: '_OTHER',
} as const;

/** The value `http.route` (and other bounded labels) takes once a cardinality limit is reached. */
export const OVERFLOW_VALUE = '_overflow';
