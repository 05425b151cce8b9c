import type { Log } from './log.ts';

/**
 * What an operation passed to `measure()` or `trackAction()` returned: a native promise (followed
 * to its outcome), another thenable, or a plain value.
 *
 * A thenable that is not a Promise (a query builder) runs when its `then()` is called, so following
 * it would run the query early and hand the caller a plain promise instead of the builder. It is
 * returned untouched and not recorded (recording it as done before it has even started would be a
 * wrong figure), with one warning per operation name saying how to fix the call.
 */
export function resultKind(result: unknown): 'promise' | 'thenable' | 'value' {
  if (result instanceof Promise) return 'promise';
  const then = result !== null && typeof result === 'object' && (result as { then?: unknown }).then;
  return typeof then === 'function' ? 'thenable' : 'value';
}

/** The one warning for an operation whose thenable result is not recorded. */
export function warnThenable(log: Log | undefined, api: string, name: string): void {
  log?.once(
    `thenable:${api}:${name}`,
    `${api}('${name}'): the function returned a thenable that is not a Promise, so it is returned unrun and not recorded; pass an async function instead (() => query becomes async () => await query)`,
  );
}
