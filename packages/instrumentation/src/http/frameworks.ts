import dc from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Log } from '../log.ts';
import { guarded } from './guard.ts';
import { KOA_CONTEXT, setRequestError, setRoute } from './requestRoute.ts';

interface FastifyStore {
  request?: { raw?: IncomingMessage };
  route?: { url?: unknown };
  error?: unknown;
}
interface RouterTrace {
  req?: IncomingMessage;
  error?: unknown;
}

/** What {@link subscribeFrameworks} returns. */
export interface FrameworkHooks {
  /** Called at the first request of each server: hooks into frameworks loaded by then. */
  onNewServer(): void;
  unsubscribe(): void;
}

/**
 * Hears what web frameworks know about a request: the route template it matched and the exception
 * it failed with. Express's `req.route` is read when the request ends (requestRoute.ts).
 *
 * - fastify publishes its route and errors on diagnostics channels;
 * - express 5 (its `router` 2.3 or later) publishes the error a layer failed with on
 *   `tracing:express.router.request:error`;
 * - koa publishes nothing, so at the first request of a server we wrap two methods of the koa that
 *   is loaded: `Application#createContext` leaves the context on the request (@koa/router puts the
 *   template on `ctx._matchedRoute`) and `context.onerror` records the error. A patch of a module's
 *   prototype, not of the module system, and only when koa is in the process.
 */
export function subscribeFrameworks(log: Log): FrameworkHooks {
  const onFastifyStart = guarded<FastifyStore>(log, 'server:fastify', (store) => {
    const raw = store.request?.raw;
    if (raw && typeof store.route?.url === 'string') setRoute(raw, store.route.url);
  });
  const onFastifyError = guarded<FastifyStore>(log, 'server:fastify', (store) => {
    if (store.request?.raw) setRequestError(store.request.raw, store.error);
  });
  const onRouterError = guarded<RouterTrace>(log, 'server:express', (trace) => {
    if (trace.req) setRequestError(trace.req, trace.error);
  });
  const channels: Array<[string, (message: unknown) => void]> = [
    ['tracing:fastify.request.handler:start', onFastifyStart],
    ['tracing:fastify.request.handler:error', onFastifyError],
    ['tracing:express.router.request:error', onRouterError],
  ];
  for (const [name, fn] of channels) dc.subscribe(name, fn);
  return {
    onNewServer() {
      try {
        patchLoadedKoa();
      } catch (err) {
        log.once('server:koa', `could not hook into koa (${String(err)}); use setRoute() for its routes`);
      }
    },
    unsubscribe() {
      for (const [name, fn] of channels) dc.unsubscribe(name, fn);
    },
  };
}

const PATCHED = Symbol.for('golden-signals.patched');
type Method = ((this: unknown, ...args: unknown[]) => unknown) & { [PATCHED]?: true };
type Koa = { req?: unknown };

/** Wraps `owner[name]` once; a second call (another server, a second copy of us) is a no-op. */
function wrap(owner: unknown, name: string, make: (original: Method) => Method): void {
  const target = owner as Record<string, unknown> | undefined;
  const original = target?.[name];
  if (typeof original !== 'function' || (original as Method)[PATCHED]) return;
  const wrapped = make(original as Method);
  wrapped[PATCHED] = true;
  (target as Record<string, unknown>)[name] = wrapped;
}

const KOA_APPLICATION = /[\\/]koa[\\/]lib[\\/]application\.js$/;
const KOA_CONTEXT_PROTO = /[\\/]koa[\\/]lib[\\/]context\.js$/;

/** Finds koa among the loaded CommonJS modules (ES module apps load koa's CommonJS files too). */
function patchLoadedKoa(): void {
  const cache = createRequire(join(process.cwd(), 'index.js')).cache;
  for (const file of Object.keys(cache)) {
    if (KOA_APPLICATION.test(file)) {
      const App = cache[file]?.exports as { prototype?: unknown } | undefined;
      wrap(
        App?.prototype,
        'createContext',
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            const ctx = original.apply(this, args);
            const req = args[0];
            if (req && typeof req === 'object') (req as Record<symbol, unknown>)[KOA_CONTEXT] = ctx;
            return ctx;
          },
      );
    } else if (KOA_CONTEXT_PROTO.test(file)) {
      wrap(
        cache[file]?.exports,
        'onerror',
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            if (args[0] != null) setRequestError((this as Koa | undefined)?.req, args[0]);
            return original.apply(this, args);
          },
      );
    }
  }
}
