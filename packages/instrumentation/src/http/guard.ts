import type { Log } from '../log.ts';

/**
 * Wraps a diagnostics-channel subscriber so that nothing it throws reaches the app: Node re-throws
 * a subscriber's exception on the next tick, where it would be an uncaught exception in the
 * instrumented process. A failure is logged once under `key`.
 */
export function guarded<M>(log: Log, key: string, fn: (message: M) => void): (message: unknown) => void {
  return (message: unknown) => {
    try {
      fn(message as M);
    } catch (err) {
      log.once(key, `could not record (${String(err)}); carrying on`);
    }
  };
}
