/**
 * The `error.type` of a thrown value, the way the instrumentation names it for HTTP and measure():
 * its code (`ECONNREFUSED`), else its class name (`TypeError`), else `_OTHER`. At most 64
 * characters; the attribute guard bounds how many distinct ones become series.
 */
export function errorTypeOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0 && code.length <= 64) return code;
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0 && name !== 'Error') return name.slice(0, 64);
    const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor.length > 0) return ctor.slice(0, 64);
  }
  return '_OTHER';
}
