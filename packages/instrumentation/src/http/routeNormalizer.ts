import { OVERFLOW_VALUE } from '@golden-signals/conventions';

/** Options of {@link RouteNormalizer}. */
export interface RouteNormalizerOptions {
  /** Route templates to prefer, e.g. `/api/users/:id` or `/files/*`. */
  readonly routes?: readonly string[];
  /** Distinct routes kept before the rest fold into `_overflow`. */
  readonly maxRoutes: number;
}

const MAX_SEGMENTS = 8;
const MAX_SEGMENT_LENGTH = 64;
const CACHE_SIZE = 1000;

/** A segment that looks like an identifier: numbers, UUIDs, hex, long mixed tokens, emails. */
const ID_SEGMENT =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{12,}|0x[0-9a-f]+|[^/]*@[^/]*|(?=[^/]*\d)[A-Za-z0-9_-]{16,})$/i;

interface CompiledRoute {
  readonly template: string;
  readonly parts: readonly string[];
  readonly wildcard: boolean;
}

/**
 * Turns a raw URL path into a low-cardinality route template when the framework could not say:
 * the user's route table first, then identifier-like segments folded to `:id`
 * (`/api/users/123` -> `/api/users/:id`). Distinct routes are bounded by `maxRoutes`; beyond it
 * new ones become `_overflow`, so a scanner probing random paths cannot grow the series count.
 */
export class RouteNormalizer {
  private readonly table: readonly CompiledRoute[];
  private readonly maxRoutes: number;
  private readonly seen = new Set<string>();
  private readonly cache = new Map<string, string>();

  constructor(options: RouteNormalizerOptions) {
    this.table = (options.routes ?? []).map(compile);
    this.maxRoutes = options.maxRoutes;
  }

  /** The route template for a request URL (path and query; the query is ignored). */
  normalize(url: string | undefined): string {
    const raw = url ?? '/';
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached;
    const route = this.admit(this.template(pathOf(raw)));
    // Only URLs that are their own route are cached (`/health`, `/api/products`): they repeat,
    // and there are at most maxRoutes of them, so the cache never churns. Caching URLs with ids
    // kept each one alive long enough to be promoted to V8's old space, which grew RSS by ~80 MB
    // over 400k distinct paths before a full GC (bench/instrumentation/rss.mjs).
    if (route === raw && this.cache.size < CACHE_SIZE) this.cache.set(raw, route);
    return route;
  }

  /** How many raw URLs are cached (for tests and debugging). */
  get cachedUrls(): number {
    return this.cache.size;
  }

  /** Counts a route given by a framework or a hook against the same limit. */
  admit(route: string): string {
    if (this.seen.has(route)) return route;
    if (this.seen.size >= this.maxRoutes) return OVERFLOW_VALUE;
    this.seen.add(route);
    return route;
  }

  private template(path: string): string {
    if (this.table.length > 0) {
      const segments = path.split('/').filter((x) => x.length > 0);
      for (const r of this.table) if (matches(r, segments)) return r.template;
    }
    // One pass over the path, no intermediate arrays: this runs for every request whose URL
    // carries an id, so it is on the hot path (docs/PERFORMANCE.md).
    let out = '';
    let count = 0;
    let start = 1;
    for (let i = 1; i <= path.length; i++) {
      if (i < path.length && path.charCodeAt(i) !== 47 /* '/' */) continue;
      if (i > start) {
        if (++count > MAX_SEGMENTS) {
          out += '/*';
          break;
        }
        const seg = path.slice(start, i);
        out += isId(seg) ? '/:id' : `/${seg}`;
      }
      start = i + 1;
    }
    return out || '/';
  }
}

/** Identifier-like: too long to be a word, or containing a digit or '@' and matching ID_SEGMENT. */
function isId(seg: string): boolean {
  if (seg.length > MAX_SEGMENT_LENGTH) return true;
  let digits = 0;
  while (digits < seg.length && seg.charCodeAt(digits) >= 48 && seg.charCodeAt(digits) <= 57) digits++;
  if (digits === seg.length) return true;
  if (digits > 0) return ID_SEGMENT.test(seg);
  for (let i = 1; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 64) return ID_SEGMENT.test(seg);
  }
  return false;
}

function pathOf(url: string): string {
  let end = url.length;
  const q = url.indexOf('?');
  if (q >= 0) end = q;
  const h = url.indexOf('#');
  if (h >= 0 && h < end) end = h;
  let path = end === url.length ? url : url.slice(0, end);
  // An absolute-form request target (`GET http://host/path`) carries the origin first.
  if (path.charCodeAt(0) !== 47) {
    const slash = path.indexOf('/', path.indexOf('//') + 2);
    path = slash >= 0 ? path.slice(slash) : '/';
  }
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function compile(template: string): CompiledRoute {
  const parts = template.split('/').filter((s) => s.length > 0);
  const wildcard = parts[parts.length - 1] === '*';
  return { template, parts: wildcard ? parts.slice(0, -1) : parts, wildcard };
}

function matches(r: CompiledRoute, segments: readonly string[]): boolean {
  if (r.wildcard ? segments.length < r.parts.length : segments.length !== r.parts.length) return false;
  for (let i = 0; i < r.parts.length; i++) {
    const p = r.parts[i]!;
    if (p.startsWith(':')) continue;
    if (p !== segments[i]) return false;
  }
  return true;
}
