import dc from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ERROR_TYPES } from '@golden-signals/conventions';
import { errorTypeOf } from '../errors/errorClass.ts';
import type { Series } from '../registry/series.ts';
import type { Signals } from '../signals.ts';
import { subscribeFrameworks } from './frameworks.ts';
import { guarded } from './guard.ts';
import { frameworkRoute, requestError } from './requestRoute.ts';

/** Optional user hook: the route of a request, or undefined to let golden-signals decide. */
export type RouteHook = (req: IncomingMessage) => string | undefined;

const START = Symbol('golden-signals.start');
const ACTIVE = Symbol('golden-signals.active');
const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

type Timed = ServerResponse & { [START]?: number; [ACTIVE]?: Series };
interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

/**
 * Server-side latency, traffic and errors from Node's `http.server.*` diagnostics channels.
 *
 * Why not @opentelemetry/instrumentation-http: it patches `http.Server.prototype.emit` and builds a
 * span context per request even with traces off, which cost +52 us CPU per request (1.92x bare) in
 * our anchor run. Diagnostics channels cost a subscription and one `close` listener per request,
 * work for CommonJS and ESM apps alike, and need no module patching (docs/PERFORMANCE.md). Routes
 * and exceptions come from the frameworks (frameworks.ts).
 */
export function subscribeServerSignals(
  signals: Signals,
  isOwnServer: (server: Server) => boolean,
  routeHook: () => RouteHook | undefined,
): () => void {
  const onClose = function (this: Timed) {
    try {
      record(signals, this, routeHook());
    } catch (err) {
      signals.log.once('server:record', `could not record a request (${String(err)}); carrying on`);
    }
  };
  const frameworks = subscribeFrameworks(signals.log);
  const servers = new WeakSet<Server>();
  const onStart = guarded<RequestStart>(signals.log, 'server:start', ({ request, response, server }) => {
    if (isOwnServer(server)) return;
    if (!servers.has(server)) {
      servers.add(server);
      frameworks.onNewServer();
    }
    const active = signals.serverActive;
    const series = active.seriesFor([methodOf(request.method)]);
    active.add(series, 1);
    // Kept on the response, so the close handler needs no second lookup (hot path).
    (response as Timed)[ACTIVE] = series;
    (response as Timed)[START] = performance.now();
    response.on('close', onClose);
  });
  dc.subscribe('http.server.request.start', onStart);
  return () => {
    dc.unsubscribe('http.server.request.start', onStart);
    frameworks.unsubscribe();
  };
}

function record(signals: Signals, res: Timed, hook: RouteHook | undefined): void {
  const start = res[START];
  if (start === undefined) return;
  res[START] = undefined;
  const seconds = (performance.now() - start) / 1000;
  const req = res.req;
  const method = methodOf(req.method);
  const active = res[ACTIVE];
  if (active) signals.serverActive.add(active, -1);

  const finished = res.writableFinished;
  const status = res.headersSent || finished ? res.statusCode : 0;
  const route = routeOf(signals, req, hook, status);
  const thrown = requestError(req);
  let errorType = '';
  // An exception the framework answered with a 4xx (validation, not found) is the client's error,
  // not the server's: only a 5xx names the exception class.
  if (!finished) errorType = unfinishedType(res, seconds);
  else if (status >= 500) errorType = thrown !== undefined ? errorTypeOf(thrown) : statusText(status);
  else if (status === 408) errorType = ERROR_TYPES.TIMEOUT;

  const d = signals.serverDuration;
  d.observe(d.seriesFor([method, route, status ? statusText(status) : '', errorType]), seconds);
  if (errorType) {
    const cause = thrown ?? (res as { errored?: unknown }).errored;
    const message = cause instanceof Error ? cause.message : `${method} ${route} -> ${status || errorType}`;
    signals.recordError('http.server', errorType, `${method} ${route}`, message, route);
  }
}

/**
 * Why a response never finished: the app destroyed it with an error, the server's socket timeout
 * cut it (the socket has a timeout and it was reached: Node destroys the socket when nobody
 * handles `timeout`), or else the client went away (`aborted`, as the README reserves it).
 */
function unfinishedType(res: Timed, seconds: number): string {
  const errored = (res as { errored?: unknown }).errored;
  if (errored !== null && errored !== undefined) return ERROR_TYPES.DESTROYED;
  const limit = res.req.socket?.timeout;
  if (limit && seconds * 1000 >= limit - 1) return ERROR_TYPES.SERVER_TIMEOUT;
  return ERROR_TYPES.ABORTED;
}

function routeOf(
  signals: Signals,
  req: IncomingMessage,
  hook: RouteHook | undefined,
  status: number,
): string {
  if (hook) {
    try {
      const r = hook(req);
      if (typeof r === 'string' && r) return signals.routes.admit(r);
    } catch (err) {
      signals.log.once('hook:route', `route hook threw (${String(err)}); using the normaliser`);
    }
  }
  const fw = frameworkRoute(req);
  return fw ? signals.routes.admit(fw) : signals.routes.normalize(req.url, status);
}

/** Status codes as strings, made once: `String(200)` per request is a fresh string to hash. */
const STATUS_TEXT = Array.from({ length: 600 }, (_, i) => String(i));

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? String(status);
}

function methodOf(method: string | undefined): string {
  return method && KNOWN_METHODS.has(method) ? method : '_OTHER';
}
