import { ATTR } from '@golden-signals/conventions';
import type { Attributes } from '@opentelemetry/api';
import { errorTypeOf } from './errors/errorClass.ts';
import { current } from './instrumentation.ts';
import type { Signals } from './signals.ts';
import { resultKind, warnThenable } from './thenable.ts';

/**
 * Times any operation (a DB call, a job, a queue handler) into `operation_duration_seconds`
 * with `outcome` success/error and the `error_type`, and counts failures in `app_errors_total`.
 * Works for sync functions and for functions returning a native promise (async functions); returns
 * (or rethrows) exactly what `fn` does. Another thenable (a query builder) is returned unrun and
 * not recorded, with one warning (thenable.ts). Without a started instrumentation it just calls `fn`.
 *
 * ```ts
 * const user = await measure('db.users.find', () => db.users.find(id));
 * ```
 */
export function measure<T>(name: string, fn: () => T, attributes?: Attributes): T {
  const signals = current()?.signals;
  if (!signals) return fn();
  const start = performance.now();
  let result: T;
  try {
    result = fn();
  } catch (err) {
    recordOperation(signals, name, start, err, attributes);
    throw err;
  }
  const kind = resultKind(result);
  if (kind === 'thenable') {
    warnThenable(signals.log, 'measure', name);
    return result;
  }
  if (kind === 'promise') {
    return (result as Promise<unknown>).then(
      (v) => {
        recordOperation(signals, name, start, undefined, attributes);
        return v;
      },
      (err: unknown) => {
        recordOperation(signals, name, start, err, attributes);
        throw err;
      },
    ) as T;
  }
  recordOperation(signals, name, start, undefined, attributes);
  return result;
}

/** Wraps a function so every call is measured: `const find = measured('db.find', rawFind)`. */
export function measured<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => R,
  attributes?: Attributes,
) {
  return function (this: unknown, ...args: A): R {
    return measure(name, () => fn.apply(this, args), attributes);
  };
}

/**
 * A TypeScript 5 (stage 3) method decorator: `@timed('orders.place') async place() {...}`.
 */
export function timed(name: string, attributes?: Attributes) {
  return <A extends unknown[], R>(method: (...args: A) => R, _context?: unknown) =>
    measured(name, method, attributes);
}

function recordOperation(
  signals: Signals,
  name: string,
  start: number,
  err: unknown,
  extra?: Attributes,
): void {
  try {
    const seconds = (performance.now() - start) / 1000;
    const d = signals.operationDuration;
    const errorType = err === undefined ? '' : errorTypeOf(err);
    const outcome = err === undefined ? 'success' : 'error';
    const series = extra
      ? d.seriesForAttributes({
          ...extra,
          [ATTR.OPERATION_NAME]: name,
          [ATTR.OPERATION_OUTCOME]: outcome,
          ...(errorType ? { [ATTR.ERROR_TYPE]: errorType } : {}),
        })
      : d.seriesFor([name, outcome, errorType]);
    d.observe(series, seconds);
    if (errorType) {
      const message = err instanceof Error ? err.message : String(err);
      signals.recordError('operation', errorType, name, message, '', name);
    }
  } catch (e) {
    signals.log.once('measure', `could not record operation ${name} (${String(e)})`);
  }
}
