import dc from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Log } from '../log.ts';
import { express4Pattern, recordMount } from './expressMounts.ts';
import { guarded } from './guard.ts';
import { KOA_CONTEXT, setFrameworkError, setRoute } from './requestRoute.ts';

interface FastifyStore {
  request?: { raw?: IncomingMessage };
  route?: { url?: unknown };
  error?: unknown;
}
interface RouterTrace {
  req?: IncomingMessage;
  error?: unknown;
  layer?: { route?: unknown };
  route?: unknown;
}
interface FastifyInit {
  fastify?: {
    addHook?: (
      name: string,
      fn: (request: FastifyRequestLike, reply: unknown, done: () => void) => void,
    ) => void;
  };
}
interface FastifyRequestLike {
  raw?: IncomingMessage;
  routeOptions?: { url?: unknown };
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
 * - koa and express 4 publish nothing, so at the first request of a server we wrap methods of the
 *   copies that are loaded (patches of a module's prototype, not of the module system, and only
 *   when the framework is in the process):
 *   - koa: `Application#createContext` leaves the context on the request (@koa/router puts the
 *     template on `ctx._matchedRoute`) and `context.onerror` records the error;
 *   - express 4: `Router#handle` records the error a router hands back unhandled (the final
 *     handler answers it with a 500), `Layer#handle_error` the one an error middleware is given.
 */
export function subscribeFrameworks(log: Log): FrameworkHooks {
  const onFastifyStart = guarded<FastifyStore>(log, 'server:fastify', (store) => {
    const raw = store.request?.raw;
    if (raw && typeof store.route?.url === 'string') setRoute(raw, store.route.url);
  });
  const onFastifyError = guarded<FastifyStore>(log, 'server:fastify', (store) => {
    if (store.request?.raw) setFrameworkError(store.request.raw, store.error);
  });
  const onRouterError = guarded<RouterTrace>(log, 'server:express', (trace) => {
    if (trace.req) setFrameworkError(trace.req, trace.error);
  });
  // Express 5's router names the pattern of every layer it enters; a mount's is kept (expressMounts.ts).
  const onRouterStart = guarded<RouterTrace>(log, 'server:express', (trace) => {
    if (trace.req && !trace.layer?.route && typeof trace.route === 'string')
      recordMount(trace.req, trace.route);
  });
  // A fastify instance gets our onRequest hook first, before the app's: a reply sent by an auth
  // hook or a schema validation 400 never reaches the handler, but fastify knows the route.
  const onFastifyInit = guarded<FastifyInit>(log, 'server:fastify', ({ fastify }) => {
    fastify?.addHook?.('onRequest', (request, _reply, done) => {
      const url = request.routeOptions?.url;
      if (request.raw && typeof url === 'string') setRoute(request.raw, url);
      done();
    });
  });
  const channels: Array<[string, (message: unknown) => void]> = [
    ['tracing:fastify.request.handler:start', onFastifyStart],
    ['tracing:fastify.request.handler:error', onFastifyError],
    ['fastify.initialization', onFastifyInit],
    ['tracing:express.router.request:start', onRouterStart],
    ['tracing:express.router.request:error', onRouterError],
  ];
  for (const [name, fn] of channels) dc.subscribe(name, fn);
  return {
    onNewServer() {
      try {
        patchLoadedFrameworks();
      } catch (err) {
        log.once(
          'server:patch',
          `could not hook into koa or express 4 (${String(err)}); use setRoute() and setRequestError()`,
        );
      }
    },
    unsubscribe() {
      for (const [name, fn] of channels) dc.unsubscribe(name, fn);
    },
  };
}

const PATCHED = Symbol.for('golden-signals.patched');
type Method = ((this: unknown, ...args: unknown[]) => unknown) & { [PATCHED]?: true };

/** Wraps `owner[name]` once; a second call (another server, a second copy of us) is a no-op. */
function wrap(owner: unknown, name: string, make: (original: Method) => Method): void {
  const target = owner as Record<string, unknown> | undefined;
  const original = target?.[name];
  if (typeof original !== 'function' || (original as Method)[PATCHED]) return;
  const wrapped = make(original as Method);
  wrapped[PATCHED] = true;
  (target as Record<string, unknown>)[name] = wrapped;
}

/** A routing signal (`next('route')`), not an error. */
const isFailure = (err: unknown) => err != null && err !== 'route' && err !== 'router';

/** What to wrap in a loaded module, by the path of its file. */
const PATCHES: ReadonlyArray<{ file: RegExp; apply(exports: unknown): void }> = [
  {
    file: /[\\/]koa[\\/]lib[\\/]application\.js$/,
    apply: (App) =>
      wrap(
        (App as { prototype?: unknown } | undefined)?.prototype,
        'createContext',
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            const ctx = original.apply(this, args);
            const req = args[0];
            if (req && typeof req === 'object') (req as Record<symbol, unknown>)[KOA_CONTEXT] = ctx;
            return ctx;
          },
      ),
  },
  {
    file: /[\\/]koa[\\/]lib[\\/]context\.js$/,
    apply: (proto) =>
      wrap(
        proto,
        'onerror',
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            if (args[0] != null) setFrameworkError((this as { req?: unknown } | undefined)?.req, args[0]);
            return original.apply(this, args);
          },
      ),
  },
  {
    // `express4` too: how the tests install express 4 beside express 5.
    file: /[\\/]express\d*[\\/]lib[\\/]router[\\/]index\.js$/,
    apply: (proto) =>
      wrap(
        proto,
        'handle',
        (original) =>
          function (this: unknown, req: unknown, res: unknown, out: unknown, ...rest: unknown[]) {
            const done =
              typeof out === 'function'
                ? function (this: unknown, err?: unknown, ...more: unknown[]) {
                    if (isFailure(err)) setFrameworkError(req, err);
                    return out.call(this, err, ...more);
                  }
                : out;
            return original.call(this, req, res, done, ...rest);
          },
      ),
  },
  {
    file: /[\\/]express\d*[\\/]lib[\\/]router[\\/]layer\.js$/,
    apply: (Layer) =>
      wrap(
        (Layer as { prototype?: unknown } | undefined)?.prototype,
        'handle_request',
        (original) =>
          function (this: unknown, req: unknown, ...rest: unknown[]) {
            const layer = this as { route?: unknown; path?: unknown };
            // A mount (`use`) layer: express 4 has set req.baseUrl to what it matched.
            if (!layer.route && layer.path) {
              const pattern = express4Pattern(layer);
              if (pattern) recordMount(req, pattern);
            }
            return original.call(this, req, ...rest);
          },
      ),
  },
  {
    file: /[\\/]express\d*[\\/]lib[\\/]router[\\/]layer\.js$/,
    apply: (Layer) =>
      wrap(
        (Layer as { prototype?: unknown } | undefined)?.prototype,
        'handle_error',
        (original) =>
          function (this: unknown, error: unknown, req: unknown, ...rest: unknown[]) {
            if (isFailure(error)) setFrameworkError(req, error);
            return original.call(this, error, req, ...rest);
          },
      ),
  },
];

/** Wraps what {@link PATCHES} names among the loaded CommonJS modules (ES module apps load these too). */
function patchLoadedFrameworks(): void {
  const cache = createRequire(join(process.cwd(), 'index.js')).cache;
  for (const file of Object.keys(cache)) {
    for (const patch of PATCHES) if (patch.file.test(file)) patch.apply(cache[file]?.exports);
  }
}
