import { ERROR_SEVERITIES, type ErrorSeverity } from '@golden-signals/conventions';

/** Maps an `error.type` to its class. A user hook may override; it may also throw. */
export type ErrorSeverityHook = (errorType: string) => ErrorSeverity | undefined;

const CONNECTION = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ConnectionError',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT',
]);
const TIMEOUT = new Set([
  'timeout',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'TimeoutError',
  'UND_ERR_CONNECT_TIMEOUT',
  '408',
  '504',
]);

/**
 * The seed's default classes: connection errors high, timeouts medium, everything else low.
 * `overrides` (from GOLDEN_SIGNALS_ERROR_SEVERITY, e.g. `ECONNREFUSED=critical`) come first.
 */
export function defaultErrorSeverity(
  errorType: string,
  overrides?: ReadonlyMap<string, ErrorSeverity>,
): ErrorSeverity {
  const o = overrides?.get(errorType);
  if (o) return o;
  if (CONNECTION.has(errorType)) return 'high';
  if (TIMEOUT.has(errorType) || /timeout/i.test(errorType)) return 'medium';
  return 'low';
}

/** Parses `TYPE=class,TYPE=class`; returns the map and a message per bad entry. */
export function parseSeverityOverrides(text: string): {
  map: Map<string, ErrorSeverity>;
  problems: string[];
} {
  const map = new Map<string, ErrorSeverity>();
  const problems: string[] = [];
  for (const entry of text.split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const [type, cls] = trimmed.split('=').map((s) => s.trim());
    if (!type || !cls || !(ERROR_SEVERITIES as readonly string[]).includes(cls)) {
      problems.push(`'${trimmed}': expected TYPE=${ERROR_SEVERITIES.join('|')}`);
      continue;
    }
    map.set(type, cls as ErrorSeverity);
  }
  return { map, problems };
}

/** The `error.type` of a thrown value: its code (ECONNREFUSED), else its class name. */
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
