import { BUSINESS_EVENTS, BUSINESS_REVENUE } from '@golden-signals/conventions';
import {
  current,
  errorTypeOf,
  getRegistry,
  type Instrumentation,
  resultKind,
  warnThenable,
} from '@golden-signals/instrumentation';
import { BusinessRecorder } from './businessRecorder.ts';
import { failedEventName } from './eventName.ts';
import type { BusinessMetricsOptions, TrackOptions } from './types.ts';

let options: BusinessMetricsOptions = {};
let recorder: BusinessRecorder | undefined;
let boundTo: Instrumentation | undefined;
let failedToStart = false;

/**
 * The recorder of the running instrumentation, created on first use (which starts the
 * instrumentation when the preload did not). Rebound when the instrumentation was restarted.
 */
function active(): BusinessRecorder | undefined {
  const running = current();
  if (recorder !== undefined && running === boundTo && running !== undefined) return recorder;
  try {
    const registry = getRegistry();
    const inst = current();
    if (!inst) return undefined;
    recorder = new BusinessRecorder(
      registry.fromSpec(BUSINESS_EVENTS),
      registry.fromSpec(BUSINESS_REVENUE),
      (key, message) => inst.log.once(key, message),
      options,
    );
    boundTo = inst;
    return recorder;
  } catch (err) {
    reportOnce(err);
    return undefined;
  }
}

function reportOnce(err: unknown): void {
  const log = current()?.log;
  if (log)
    log.once('business:internal', `business metrics could not record (${String(err)}); the app carries on`);
  else if (!failedToStart)
    process.stderr.write(`golden-signals warn: business metrics are off (${String(err)})\n`);
  failedToStart = true;
}

/**
 * Counts one business event in `business_events_total{event}` and, with `value` and `currency`,
 * adds its revenue to `business_revenue_total{currency}`. Never throws: bad input is dropped with
 * one warning per kind of problem (see the package README).
 *
 * ```ts
 * trackEvent('newsletter_signup');
 * trackEvent('purchase', { value: 49.9, currency: 'EUR', attributes: { plan: 'pro' } });
 * ```
 */
export function trackEvent(name: string, opts?: TrackOptions): void {
  try {
    active()?.record(name, opts);
  } catch (err) {
    reportOnce(err);
  }
}

/**
 * Runs `fn` (sync or async) and counts `name` only if it succeeds; a failure (a throw or a
 * rejected promise) is counted as `<name>_failed` with its `error_type`, and rethrown unchanged.
 * Only native promises are awaited: another thenable (a query builder) is returned unrun and not
 * counted, with one warning, as `measure()` does.
 * `opts` may be a function of the result, e.g. the order's amount:
 *
 * ```ts
 * const order = await trackAction('purchase', () => placeOrder(cart), (o) => ({ value: o.total, currency: o.currency }));
 * ```
 */
export function trackAction<T>(
  name: string,
  fn: () => T,
  opts?: TrackOptions | ((result: Awaited<T>) => TrackOptions | undefined),
): T {
  let result: T;
  try {
    result = fn();
  } catch (err) {
    recordFailure(name, err);
    throw err;
  }
  const kind = resultKind(result);
  if (kind === 'thenable') {
    warnThenable(current()?.log, 'trackAction', name);
    return result;
  }
  if (kind === 'promise') {
    return (result as Promise<Awaited<T>>).then(
      (v) => {
        recordSuccess(name, v, opts);
        return v;
      },
      (err: unknown) => {
        recordFailure(name, err);
        throw err;
      },
    ) as T;
  }
  recordSuccess(name, result as Awaited<T>, opts);
  return result;
}

function recordSuccess<T>(
  name: string,
  result: T,
  opts?: TrackOptions | ((result: T) => TrackOptions | undefined),
): void {
  try {
    active()?.record(name, typeof opts === 'function' ? opts(result) : opts);
  } catch (err) {
    reportOnce(err);
  }
}

function recordFailure(name: string, err: unknown): void {
  try {
    active()?.recordFailure(failedEventName(name), errorTypeOf(err));
  } catch (e) {
    reportOnce(e);
  }
}

/**
 * Creates the series of these events (and currencies) at 0 right away. Call it at startup with
 * your funnel's events: Prometheus' rate() only sees an increase between two scrapes, so an event
 * series born with its first event loses that event, and funnel rules read nothing, not 0.
 */
export function declareEvents(names: readonly string[], opts: { currencies?: readonly string[] } = {}): void {
  try {
    active()?.declare(names, opts.currencies);
  } catch (err) {
    reportOnce(err);
  }
}

/**
 * Sets the attribute allow-list and the limits (see {@link BusinessMetricsOptions}). Applies to
 * events recorded from now on; call it once at startup, before the first event.
 */
export function configureBusinessMetrics(opts: BusinessMetricsOptions): void {
  options = { ...opts };
  recorder = undefined;
  boundTo = undefined;
}
