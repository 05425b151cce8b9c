import { createServer, type Server, type ServerResponse } from 'node:http';
import type { RecentErrors } from '../errors/recentErrors.ts';
import type { Log } from '../log.ts';
import type { Registry } from '../registry/registry.ts';
import { EXPOSITION_CONTENT_TYPE, serializeExposition } from './exposition.ts';

/** Options of the exposition endpoint. */
export interface MetricsServerOptions {
  readonly host: string;
  readonly port: number;
  readonly serviceName: string;
  readonly registry: Registry;
  readonly recent?: RecentErrors;
  readonly log: Log;
  /** Told the URL once the server listens (the one startup log line). */
  readonly onListening: (url: string) => void;
}

/**
 * The Prometheus scrape endpoint (`/metrics`) and, when enabled, `/errors` (recent errors as JSON).
 * The server is unref'd: it never keeps a finished app alive. A taken port is logged once and the
 * app carries on without exposition (e.g. two processes on one port in cluster mode).
 */
export function startMetricsServer(o: MetricsServerOptions): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      o.registry
        .read(async (instruments) => {
          res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE });
          if (req.method === 'HEAD') return;
          for await (const chunk of serializeExposition(instruments, { serviceName: o.serviceName })) {
            if (!res.write(chunk)) await drainedOrClosed(res);
            if (res.destroyed) return;
          }
        })
        .then(
          () => res.end(),
          (err: unknown) => {
            o.log.once('scrape', `scrape failed: ${String(err)}`);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
            res.end('collection failed\n');
          },
        );
      return;
    }
    if (path === '/errors' && o.recent) {
      const limit = Math.min(
        1000,
        Number(new URL(req.url ?? '/', 'http://x').searchParams.get('limit')) || 50,
      );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(o.recent.list(limit)));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found: try /metrics\n');
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    o.log.once(
      'listen',
      `cannot serve metrics on ${o.host}:${o.port} (${err.code ?? err.message}); the app carries on without /metrics`,
    );
  });
  server.listen(o.port, o.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : o.port;
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    o.onListening(`http://${host}:${port}/metrics`);
  });
  server.unref();
  return server;
}

/**
 * Waits until a full response buffer drains, or the scraper goes away. Waiting for `drain` alone
 * hung forever when Prometheus hit its scrape_timeout and disconnected, and with it the registry
 * lock, so every later scrape hung too.
 */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
