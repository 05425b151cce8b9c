import { ATTR } from './attributes.ts';
import { HTTP_DURATION_BUCKETS, OPERATION_DURATION_BUCKETS } from './buckets.ts';
import { instrument } from './instrument.ts';

/** Latency and traffic of incoming requests (semconv `http.server.request.duration`). */
export const HTTP_SERVER_DURATION = instrument({
  name: 'http.server.request.duration',
  unit: 's',
  kind: 'histogram',
  description: 'Duration of HTTP server requests.',
  attributes: [
    ATTR.HTTP_REQUEST_METHOD,
    ATTR.HTTP_ROUTE,
    ATTR.HTTP_RESPONSE_STATUS_CODE,
    ATTR.ERROR_TYPE,
    ATTR.NETWORK_PROTOCOL_VERSION,
  ],
  buckets: HTTP_DURATION_BUCKETS,
});

/** Requests in flight (semconv `http.server.active_requests`). */
export const HTTP_SERVER_ACTIVE = instrument({
  name: 'http.server.active_requests',
  unit: '{request}',
  kind: 'updowncounter',
  description: 'Number of active HTTP server requests.',
  attributes: [ATTR.HTTP_REQUEST_METHOD],
});

/** Latency of outgoing requests, node:http/https and fetch (semconv `http.client.request.duration`). */
export const HTTP_CLIENT_DURATION = instrument({
  name: 'http.client.request.duration',
  unit: 's',
  kind: 'histogram',
  description: 'Duration of HTTP client requests.',
  attributes: [
    ATTR.HTTP_REQUEST_METHOD,
    ATTR.SERVER_ADDRESS,
    ATTR.SERVER_PORT,
    ATTR.HTTP_RESPONSE_STATUS_CODE,
    ATTR.ERROR_TYPE,
    ATTR.NETWORK_PROTOCOL_VERSION,
  ],
  buckets: HTTP_DURATION_BUCKETS,
});

/** Errors by type and class, from every source (server, client, measured operations). */
export const ERRORS = instrument({
  name: 'app.errors',
  unit: '{error}',
  kind: 'counter',
  description: 'Errors by type, class (error_severity) and source.',
  attributes: [ATTR.ERROR_TYPE, ATTR.ERROR_SEVERITY, ATTR.ERROR_SOURCE, ATTR.HTTP_ROUTE, ATTR.OPERATION_NAME],
});

/** Any timed operation recorded with `measure()`. */
export const OPERATION_DURATION = instrument({
  name: 'operation.duration',
  unit: 's',
  kind: 'histogram',
  description: 'Duration of operations timed with measure(), by outcome.',
  attributes: [ATTR.OPERATION_NAME, ATTR.OPERATION_OUTCOME, ATTR.ERROR_TYPE],
  buckets: OPERATION_DURATION_BUCKETS,
});
