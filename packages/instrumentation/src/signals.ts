import {
  ERRORS,
  type ErrorSeverity,
  HTTP_CLIENT_DURATION,
  HTTP_SERVER_ACTIVE,
  HTTP_SERVER_DURATION,
  OPERATION_DURATION,
} from '@golden-signals/conventions';
import { defaultErrorSeverity, type ErrorSeverityHook } from './errors/errorClass.ts';
import { RecentErrors } from './errors/recentErrors.ts';
import { RouteNormalizer } from './http/routeNormalizer.ts';
import type { Log } from './log.ts';
import type { Instrument } from './registry/instrument.ts';
import type { Registry } from './registry/registry.ts';

/** What the signal recorders need, resolved from options and environment. */
export interface SignalsOptions {
  readonly routes: readonly string[];
  readonly maxRoutes: number;
  readonly recentErrors: number;
  readonly severityOverrides: ReadonlyMap<string, ErrorSeverity>;
  readonly errorSeverity?: ErrorSeverityHook;
}

/** Where an error was seen. */
export type ErrorSource = 'http.server' | 'http.client' | 'operation';

/**
 * The golden-signal instruments and the shared logic of recording into them (error classes,
 * recent errors, routes). The HTTP hooks and measure() all record through here.
 */
export class Signals {
  readonly serverDuration: Instrument;
  readonly serverActive: Instrument;
  readonly clientDuration: Instrument;
  readonly errors: Instrument;
  readonly operationDuration: Instrument;
  readonly routes: RouteNormalizer;
  readonly recent: RecentErrors;
  readonly log: Log;
  private readonly options: SignalsOptions;
  errorSeverityHook: ErrorSeverityHook | undefined;

  constructor(registry: Registry, options: SignalsOptions, log: Log) {
    this.serverDuration = registry.fromSpec(HTTP_SERVER_DURATION);
    this.serverActive = registry.fromSpec(HTTP_SERVER_ACTIVE);
    this.clientDuration = registry.fromSpec(HTTP_CLIENT_DURATION);
    this.errors = registry.fromSpec(ERRORS);
    this.operationDuration = registry.fromSpec(OPERATION_DURATION);
    this.routes = new RouteNormalizer({
      routes: options.routes,
      maxRoutes: options.maxRoutes,
      onFold: (route, limit) =>
        log.once(
          'routes-fold',
          `more than ${limit} distinct routes from the URL normaliser; new ones (first: ${route}) are counted as _overflow. Routes your framework names are never folded; GOLDEN_SIGNALS_ROUTES or setRoute() name more`,
        ),
    });
    this.recent = new RecentErrors(options.recentErrors);
    this.options = options;
    this.errorSeverityHook = options.errorSeverity;
    this.log = log;
  }

  /** The class of an error type: the user's hook if it answers (and does not throw), else defaults. */
  severityOf(errorType: string): ErrorSeverity {
    const hook = this.errorSeverityHook;
    if (hook) {
      try {
        const s = hook(errorType);
        if (s === 'low' || s === 'medium' || s === 'high' || s === 'critical') return s;
      } catch (err) {
        this.log.once('hook:errorSeverity', `errorSeverity hook threw (${String(err)}); using defaults`);
      }
    }
    return defaultErrorSeverity(errorType, this.options.severityOverrides);
  }

  /**
   * Counts one error in `app_errors_total` and remembers it in the ring buffer.
   * `route` labels server errors, `operation` labels measured ones, `where` is for the buffer.
   */
  recordError(
    source: ErrorSource,
    errorType: string,
    where: string,
    message: string,
    route = '',
    operation = '',
  ) {
    const severity = this.severityOf(errorType);
    this.errors.add(this.errors.seriesFor([errorType, severity, source, route, operation]), 1);
    this.recent.add({ time: Date.now(), source, where, type: errorType, message, errorSeverity: severity });
  }
}
