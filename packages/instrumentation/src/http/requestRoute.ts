import type { IncomingMessage } from 'node:http';
import { mountTemplate } from './expressMounts.ts';

/** Where a route template is attached to a request by frameworks and hooks. */
export const ROUTE = Symbol.for('golden-signals.route');
/** Where the exception a request failed with is kept (frameworks.ts, setRequestError). */
export const ERROR = Symbol.for('golden-signals.error');
/** Where the koa context of a request is kept (frameworks.ts). */
export const KOA_CONTEXT = Symbol.for('golden-signals.koa-context');

type Tagged = IncomingMessage & { [ROUTE]?: string; [ERROR]?: unknown; [KOA_CONTEXT]?: KoaLike };

/**
 * Tells golden-signals the route template of a request, for routers it cannot read itself.
 * Safe to call with anything.
 */
export function setRoute(req: unknown, route: string): void {
  if (!req || typeof req !== 'object' || typeof route !== 'string') return;
  (req as Tagged)[ROUTE] = route;
  // An HTTP/2 compatibility request (fastify with `http2: true`): the route goes on its stream,
  // which is what the HTTP/2 channels report (http2Signals.ts).
  const stream = (req as { stream?: unknown }).stream;
  if (stream && typeof stream === 'object') (stream as Record<symbol, unknown>)[ROUTE] = route;
}

/** Tells golden-signals which exception a request failed with (its class becomes `error.type`). */
export function setRequestError(req: unknown, err: unknown): void {
  if (req && typeof req === 'object') (req as Tagged)[ERROR] = err;
}

/** @koa/router and koa-router leave the matched template on the context. */
interface KoaLike {
  _matchedRoute?: unknown;
}

/** Express 4/5 and `router` leave the matched layer on `req.route` and the mount path on `req.baseUrl`. */
interface ExpressLike {
  route?: { path?: unknown };
  baseUrl?: unknown;
}

/** The template the framework matched, if any: our tag first (hooks, fastify), then koa, then express. */
export function frameworkRoute(req: IncomingMessage): string | undefined {
  const tagged = (req as Tagged)[ROUTE];
  if (tagged !== undefined) return tagged;
  const koa = (req as Tagged)[KOA_CONTEXT]?._matchedRoute;
  if (typeof koa === 'string') return koa;
  const r = (req as unknown as ExpressLike).route;
  const base = mountTemplate(req);
  if (r && typeof r.path === 'string') return base ? base + (r.path === '/' ? '' : r.path) : r.path;
  // Answered inside a mount without a route (express.static, a middleware): the mount path, and
  // whatever is below it folded (`/static/*`), never the file names.
  return base ? `${base}/*` : undefined;
}

/**
 * Keeps the route express knows now, for an error on its way out: a mounted router restores
 * `req.baseUrl` to its parent's as the error leaves it, so at the end of the response the mount
 * path would be gone (`/boom/:id` for `/api/boom/:id`). The first pin wins.
 */
function pinRoute(req: unknown): void {
  if (!req || typeof req !== 'object' || (req as Tagged)[ROUTE] !== undefined) return;
  const route = frameworkRoute(req as IncomingMessage);
  if (route !== undefined) (req as Tagged)[ROUTE] = route;
}

/**
 * What every framework hook calls with the exception a request failed with: records it and pins
 * the route as the framework knows it at that moment.
 */
export function setFrameworkError(req: unknown, err: unknown): void {
  setRequestError(req, err);
  pinRoute(req);
}

/** The exception attached to a request, if any. */
export function requestError(req: IncomingMessage): unknown {
  return (req as Tagged)[ERROR];
}
