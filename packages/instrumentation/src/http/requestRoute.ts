import type { IncomingMessage } from 'node:http';

/** Where a route template or an error is attached to a request by frameworks and hooks. */
export const ROUTE = Symbol.for('golden-signals.route');
export const ERROR = Symbol.for('golden-signals.error');

type Tagged = IncomingMessage & { [ROUTE]?: string; [ERROR]?: unknown };

/**
 * Tells golden-signals the route template of a request, for frameworks it cannot read itself
 * (koa-router: `setRoute(ctx.req, ctx._matchedRoute)`). Safe to call with anything.
 */
export function setRoute(req: unknown, route: string): void {
  if (req && typeof req === 'object' && typeof route === 'string') (req as Tagged)[ROUTE] = route;
}

/** Tells golden-signals which exception a request failed with (its class becomes `error.type`). */
export function setRequestError(req: unknown, err: unknown): void {
  if (req && typeof req === 'object') (req as Tagged)[ERROR] = err;
}

/** Express 4/5 and `router` leave the matched layer on `req.route` and the mount path on `req.baseUrl`. */
interface ExpressLike {
  route?: { path?: unknown };
  baseUrl?: unknown;
}

/** The template the framework matched, if any: our tag first (hooks, fastify), then express. */
export function frameworkRoute(req: IncomingMessage): string | undefined {
  const tagged = (req as Tagged)[ROUTE];
  if (tagged !== undefined) return tagged;
  const r = (req as unknown as ExpressLike).route;
  if (r && typeof r.path === 'string') {
    const base = (req as unknown as ExpressLike).baseUrl;
    return typeof base === 'string' && base ? base + (r.path === '/' ? '' : r.path) : r.path;
  }
  return undefined;
}

/** The exception attached to a request, if any. */
export function requestError(req: IncomingMessage): unknown {
  return (req as Tagged)[ERROR];
}
