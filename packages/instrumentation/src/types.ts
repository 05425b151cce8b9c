import type { IncomingMessage } from 'node:http';
import type { ErrorSeverity } from '@golden-signals/conventions';
import type { LogLevel } from './log.ts';

/**
 * Everything the preload can be told. Each field has a GOLDEN_SIGNALS_* or OTEL_* variable
 * (see the package README); options passed to `start()` or `configure()` win over the environment.
 */
export interface InstrumentationOptions {
  /** `service_name` on every series (OTEL_SERVICE_NAME, else service.name in OTEL_RESOURCE_ATTRIBUTES, else package.json name). */
  serviceName?: string;
  /** Extra resource attributes (OTEL_RESOURCE_ATTRIBUTES), sent with OTLP. */
  resourceAttributes?: Record<string, string>;
  /** Exporters (OTEL_METRICS_EXPORTER): `prometheus` (default), `otlp`, both, or `none`. */
  exporters?: Array<'prometheus' | 'otlp'>;
  /** Prometheus exposition host and port (OTEL_EXPORTER_PROMETHEUS_HOST/PORT; default localhost:9464). */
  prometheusHost?: string;
  prometheusPort?: number;
  /** OTLP/HTTP endpoint base (OTEL_EXPORTER_OTLP_ENDPOINT; `/v1/metrics` is appended). */
  otlpEndpoint?: string;
  /** OTLP export interval in ms (OTEL_METRIC_EXPORT_INTERVAL, default 60000). */
  otlpIntervalMillis?: number;
  /** Record incoming requests (GOLDEN_SIGNALS_HTTP_SERVER, default true). */
  httpServer?: boolean;
  /** Record outgoing requests (GOLDEN_SIGNALS_HTTP_CLIENT, default true). */
  httpClient?: boolean;
  /** Host, container and runtime saturation (GOLDEN_SIGNALS_HOST_METRICS, default true). */
  hostMetrics?: boolean;
  /**
   * Registers the golden-signals MeterProvider as the OpenTelemetry global, so instruments from the
   * app's own `metrics.getMeter()` are served with ours (GOLDEN_SIGNALS_GLOBAL_METER_PROVIDER,
   * default true). Skipped, with one line, when another provider was registered first.
   */
  globalMeterProvider?: boolean;
  /**
   * Every GC pause as the `v8js_gc_duration_seconds` histogram (GOLDEN_SIGNALS_GC_PAUSES, default
   * false: observing GCs makes V8 keep a young generation about 17 MB larger in a busy process).
   */
  gcPauses?: boolean;
  /** Route templates to prefer over the normaliser (GOLDEN_SIGNALS_ROUTES, comma separated). */
  routes?: string[];
  /** Distinct routes before the rest fold into `_overflow` (GOLDEN_SIGNALS_MAX_ROUTES, default 200). */
  maxRoutes?: number;
  /** Series per instrument before folding into the overflow series (GOLDEN_SIGNALS_CARDINALITY_LIMIT, default 2000). */
  cardinalityLimit?: number;
  /** Error type -> class overrides (GOLDEN_SIGNALS_ERROR_SEVERITY, e.g. `ECONNREFUSED=critical`). */
  errorSeverities?: Record<string, ErrorSeverity>;
  /** Size of the recent-errors ring buffer (GOLDEN_SIGNALS_RECENT_ERRORS, default 100). */
  recentErrors?: number;
  /** Serve recent errors as JSON at /errors on the metrics port (GOLDEN_SIGNALS_EXPOSE_ERRORS, default false). */
  exposeErrors?: boolean;
  /** Log level of the preload (GOLDEN_SIGNALS_LOG_LEVEL, default info). */
  logLevel?: LogLevel;
  /** Hook: the route of a request, or undefined for the default. May throw; a throw is logged once. */
  route?: (req: IncomingMessage) => string | undefined;
  /** Hook: the class of an error type, or undefined for the default. May throw. */
  errorSeverity?: (errorType: string) => ErrorSeverity | undefined;
}
