/**
 * What every request must pass before a handler sees it: the `Host` it names (DNS rebinding: a
 * page on evil.example whose name was re-pointed at 127.0.0.1 reaches us with `Host: evil.example`)
 * and, for writes, where it comes from (`Origin`) and how it is encoded. A browser can send a
 * cross-origin POST without asking (a form, a no-cors fetch), but only with a "simple" content
 * type (form encodings, text/plain) and never with an `Authorization` header; so a write must
 * carry the bearer token, or be `application/json` from no other origin.
 */
import type { IncomingMessage } from 'node:http';
import { hasToken, isLoopback, type WriteAccess } from './bearerAuth.ts';

/** Where the service is reachable: its listen address and, when set, its external URL. */
export interface Reachable {
  readonly host: string;
  readonly port: number;
  /** The URL users reach the service by (a proxy, an ingress), e.g. `https://alerts.example`. */
  readonly externalUrl?: string;
}

/** The `Host` values and origins a request may name; `anyHost` for a wildcard listen. */
export interface RequestPolicy {
  readonly hosts: ReadonlySet<string>;
  readonly origins: ReadonlySet<string>;
  readonly anyHost: boolean;
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The policy for a service listening on `r.host:r.port`. */
export function requestPolicy(r: Reachable): RequestPolicy {
  const names = isLoopback(r.host) ? [r.host, '127.0.0.1', 'localhost', '::1'] : [r.host];
  const hosts = new Set<string>();
  for (const n of names) {
    hosts.add(`${bracket(n)}:${r.port}`.toLowerCase());
    if (r.port === 80) hosts.add(bracket(n).toLowerCase());
  }
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  if (r.externalUrl) {
    let u: URL;
    try {
      u = new URL(r.externalUrl);
    } catch {
      throw new Error(
        `GOLDEN_SIGNALS_ALERTING_EXTERNAL_URL: expected a URL like https://alerts.example, got '${r.externalUrl}'`,
      );
    }
    hosts.add(u.host.toLowerCase());
    origins.add(u.origin.toLowerCase());
  }
  // Behind a wildcard listen the names users and scrapers reach it by are unknown (a service
  // name, a node IP): any Host is read, and writes are guarded by the token and the origin.
  return { hosts, origins, anyHost: WILDCARD.has(r.host) };
}

/** Why the request's `Host` is refused, or undefined when it is one of ours. */
export function hostProblem(req: IncomingMessage, p: RequestPolicy): string | undefined {
  if (p.anyHost) return undefined;
  const host = String(req.headers.host ?? '').toLowerCase();
  return p.hosts.has(host)
    ? undefined
    : `Host '${host.slice(0, 100)}' is not this service (expected ${[...p.hosts].join(' or ')})`;
}

/** True for methods that change something. */
export function isWrite(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() as string;
}

/**
 * Why a write is refused, or undefined when it may proceed: the `Origin` (when a browser sent
 * one) must be ours; then either the bearer token, or `application/json` when no token is set
 * on a POST (the content type a cross-origin page cannot send without a CORS preflight, which
 * we never answer; other write methods always need one). Off loopback without a token, writes are refused (see `mayWrite`).
 */
export function writeProblem(
  req: IncomingMessage,
  p: RequestPolicy,
  access: WriteAccess,
): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && !p.origins.has(String(origin).toLowerCase()))
    return `cross-origin write refused (Origin ${String(origin).slice(0, 100)})`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `cross-origin write refused (Sec-Fetch-Site ${String(site)})`;
  if (access.token) return hasToken(req, access.token) ? undefined : 'missing or wrong bearer token';
  if (!access.loopback) return 'the API listens beyond loopback and no token is set';
  // Only POST is a method a page may send cross-origin without a preflight (DELETE, PUT... are not).
  if (req.method === 'POST' && mediaType(req) !== 'application/json')
    return 'writes must be sent as Content-Type: application/json (or with the bearer token)';
  return undefined;
}
