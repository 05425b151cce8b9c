/** Where the templates of the express mounts a request went through are kept, by `req.baseUrl`. */
export const MOUNTS = Symbol.for('golden-signals.express-mounts');

type Mounted = { baseUrl?: unknown; [MOUNTS]?: Map<string, string> };

/**
 * Remembers the template of the mount a request just entered (`app.use('/orgs/:orgId', r)`).
 * Express sets `req.baseUrl` to the matched text (`/orgs/acme`), one tenant per value, so the
 * template is kept beside it: the template of the closest enclosing mount, plus this pattern.
 */
export function recordMount(req: unknown, pattern: string): void {
  const r = req as Mounted;
  const base = r.baseUrl;
  if (typeof base !== 'string' || !base) return;
  let mounts = r[MOUNTS];
  if (mounts?.has(base)) return;
  mounts ??= r[MOUNTS] = new Map();
  let parent = '';
  for (const raw of mounts.keys()) if (base.startsWith(`${raw}/`) && raw.length > parent.length) parent = raw;
  const parentTemplate = parent ? (mounts.get(parent) ?? parent) : '';
  const own = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  mounts.set(base, parentTemplate + own);
}

/** The mount template of `req.baseUrl`, or the base URL itself when no mount was recorded. */
export function mountTemplate(req: unknown): string | undefined {
  const r = req as Mounted;
  const base = r.baseUrl;
  if (typeof base !== 'string' || !base) return undefined;
  return r[MOUNTS]?.get(base) ?? base;
}

/**
 * Express 4 keeps no pattern on a layer, only what it matched (`layer.path`) and the params:
 * segments equal to a param's value become `:name`.
 */
export function express4Pattern(layer: {
  path?: unknown;
  keys?: unknown;
  params?: unknown;
}): string | undefined {
  if (typeof layer.path !== 'string') return undefined;
  const keys = Array.isArray(layer.keys) ? (layer.keys as Array<{ name?: unknown }>) : [];
  const params = (layer.params ?? {}) as Record<string, unknown>;
  if (keys.length === 0) return layer.path;
  const byValue = new Map<string, string>();
  for (const k of keys)
    if (typeof params[String(k.name)] === 'string')
      byValue.set(params[String(k.name)] as string, String(k.name));
  return layer.path
    .split('/')
    .map((seg) => {
      const name = byValue.get(safeDecode(seg));
      return name === undefined ? seg : `:${name}`;
    })
    .join('/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
