import { OVERFLOW_VALUE } from '@golden-signals/conventions';

/** Options of {@link RouteNormalizer}. */
export interface RouteNormalizerOptions {
  /** Route templates to prefer, e.g. `/api/users/:id` or `/files/*`. */
  readonly routes?: readonly string[];
  /** Distinct normalised routes kept before the rest fold into `_overflow`. */
  readonly maxRoutes: number;
  /** Told once, the first time a route folds into `_overflow`. */
  readonly onFold?: (route: string, limit: number) => void;
}

const MAX_SEGMENTS = 8;
const CACHE_SIZE = 1000;
/** Normalised 404s (scanners, typos) get their own small budget, so they never crowd out routes. */
const NOT_FOUND_SHARE = 0.25;

/**
 * Segments that are values, not names (our rules, a superset of Datadog's endpoint inference):
 * - a digit anywhere with only digits and `.` `_` `-` `:` around it: ids, dates (2024-01-31),
 *   IPv4 (10.0.0.1), phone numbers (415-555-0100), versions (1.2.3);
 * - hex of 6+ characters with a digit: short and long commit ids (fce9975), hashes, UUIDs;
 * - 20+ characters (slugs and tokens too long to be a name), or 16+ with a digit (API keys);
 * - any character a name never has: `@` (handles, emails), `%`, `+`, `=`, `&`, `,`, `(`, `:`,
 *   `'`, `*`, `!`, `~`, `$`, space (phone numbers, IPv6, query-like segments, encoded text).
 */
const VALUE_SEGMENT =
  /^(?:[0-9._:-]*[0-9][0-9._:-]*|(?=[^/]*[0-9])[0-9a-f._-]{6,}|.{20,}|(?=[^/]*[0-9])[A-Za-z0-9_-]{16,}|.*[@%+=&,():'*!~$ ].*)$/i;

interface CompiledRoute {
  readonly template: string;
  readonly parts: readonly string[];
  readonly wildcard: boolean;
}

/**
 * Turns a raw URL path into a low-cardinality route template when the framework could not say:
 * the user's route table first, then value-like segments folded to `:id`
 * (`/api/users/123` -> `/api/users/:id`), `;matrix=params` dropped. Templates from a framework,
 * a hook or the route table are always admitted (the app's code bounds them). Normalised routes
 * are bounded by `maxRoutes`, and those answered 404 by a quarter of it on their own, so a
 * scanner probing random paths can neither grow the series count nor lock real routes out.
 */
export class RouteNormalizer {
  private readonly table: readonly CompiledRoute[];
  private readonly maxRoutes: number;
  private readonly maxNotFound: number;
  private readonly seen = new Set<string>();
  private readonly notFound = new Set<string>();
  private readonly cache = new Map<string, string>();
  private readonly onFold?: (route: string, limit: number) => void;
  private folded = false;

  constructor(options: RouteNormalizerOptions) {
    this.table = (options.routes ?? []).map(compile);
    this.maxRoutes = options.maxRoutes;
    this.maxNotFound = Math.max(1, Math.floor(options.maxRoutes * NOT_FOUND_SHARE));
    this.onFold = options.onFold;
  }

  /**
   * The route template for a request URL (path and query; the query is ignored), given the
   * response status (404s have their own budget).
   */
  normalize(url: string | undefined, status = 0): string {
    const raw = url ?? '/';
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached;
    const template = this.template(pathOf(raw));
    if (template.fromTable) return template.route;
    const route = this.bounded(template.route, status === 404 || status === 405);
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

  /**
   * A route given by a framework or a hook: always admitted, it is one of the app's templates.
   * (The per-instrument cardinality limit still caps series in the end.)
   */
  admit(route: string): string {
    return route;
  }

  private bounded(route: string, notFound: boolean): string {
    if (this.seen.has(route)) return route;
    const set = notFound ? this.notFound : this.seen;
    if (set.has(route)) return route;
    const limit = notFound ? this.maxNotFound : this.maxRoutes;
    if (set.size >= limit) {
      if (!this.folded) {
        this.folded = true;
        this.onFold?.(route, limit);
      }
      return OVERFLOW_VALUE;
    }
    set.add(route);
    return route;
  }

  private template(path: string): { route: string; fromTable: boolean } {
    if (this.table.length > 0) {
      const segments = path.split('/').filter((x) => x.length > 0);
      for (const r of this.table) if (matches(r, segments)) return { route: r.template, fromTable: true };
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
        let seg = path.slice(start, i);
        const semi = seg.indexOf(';');
        // Matrix parameters (`;jsessionid=...`) are never part of a route.
        if (semi >= 0) seg = seg.slice(0, semi);
        if (seg) out += isValue(seg) ? '/:id' : `/${seg}`;
      }
      start = i + 1;
    }
    return { route: out || '/', fromTable: false };
  }
}

/**
 * True for a segment that is a value. Words (letters, `-`, `_`, `.`, under 20 characters: `api`,
 * `users`, `app.css`) are never values and are answered without the regular expression: this runs
 * for every segment of every request without a framework route.
 */
function isValue(seg: string): boolean {
  let digits = 0;
  while (digits < seg.length && seg.charCodeAt(digits) >= 48 && seg.charCodeAt(digits) <= 57) digits++;
  if (digits === seg.length) return true; // the commonest id: a number
  if (seg.length < 20) {
    let word = true;
    for (let i = 0; i < seg.length && word; i++) {
      const c = seg.charCodeAt(i);
      word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 95 || c === 46;
    }
    if (word) return false;
  }
  return VALUE_SEGMENT.test(seg);
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
  // Not decoded: an encoded segment is a value (`%20`), and a decoded `%2F` would split one.
  return path;
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
