import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RecentErrors } from '../errors/recentErrors.ts';
import { redact } from '../errors/redact.ts';
import type { Log } from '../log.ts';
import { EXPOSITION_CONTENT_TYPE } from './exposition.ts';
import { ScrapeGate } from './scrapeGate.ts';
import type { Snapshot } from './snapshot.ts';

/** Options of the exposition endpoint. */
export interface MetricsServerOptions {
  readonly host: string;
  readonly port: number;
  /** Renders what one scrape answers (the registry's, or the aggregate of every process). */
  readonly snapshot: () => Promise<Snapshot>;
  readonly recent?: RecentErrors;
  /** Serve `/errors` messages unredacted (default false: they can carry personal data). */
  readonly rawErrors?: boolean;
  readonly log: Log;
  /** Scrapes streamed at once; the rest wait in line (default 8). */
  readonly maxConcurrent?: number;
  /** Scrapes waiting in line before the next is answered 503 (default 64). */
  readonly maxQueued?: number;
  /**
   * A scrape not written out within this time is cut (default 30 s). Prometheus gives up at its
   * scrape_timeout (10 s by default, at most the interval): after that nobody reads the answer.
   */
  readonly writeTimeoutMs?: number;
  /** Exclusive listen: in a cluster worker, bind the port itself instead of sharing the primary's. */
  readonly exclusive?: boolean;
  /** Told the URL once the server listens (the one startup log line). */
  readonly onListening: (url: string) => void;
}

/**
 * The Prometheus scrape endpoint (`/metrics`) and, when enabled, `/errors` (recent errors as JSON).
 * The server is unref'd: it never keeps a finished app alive. Listen errors are the caller's to
 * handle (`error` event): a taken port means another process of the service owns it.
 */
export function startMetricsServer(o: MetricsServerOptions): Server {
  const gate = new ScrapeGate(o.maxConcurrent ?? 8, o.maxQueued ?? 64);
  let rendering: Promise<Snapshot> | undefined;
  // Scrapes that arrive while a snapshot renders share it: one collection, one text, N sockets.
  const snapshot = () => {
    rendering ??= o.snapshot().finally(() => {
      rendering = undefined;
    });
    return rendering;
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      scrape(req, res, gate, snapshot, o);
      return;
    }
    if (path === '/errors' && o.recent) {
      serveErrors(req, res, o.recent, o.rawErrors === true);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found: try /metrics\n');
  });
  // Slowloris: a client that never finishes its request headers does not hold a socket for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.listen({ port: o.port, host: o.host, exclusive: o.exclusive ?? false }, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : o.port;
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    o.onListening(`http://${host}:${port}/metrics`);
  });
  server.unref();
  return server;
}

/** True when the client accepts gzip (`Accept-Encoding: gzip`, not with `q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const item of value.split(',')) {
    const [coding, ...params] = item.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

async function scrape(
  req: IncomingMessage,
  res: ServerResponse,
  gate: ScrapeGate,
  snapshot: () => Promise<Snapshot>,
  o: MetricsServerOptions,
): Promise<void> {
  const release = await gate.enter(res);
  if (release === 'closed') return;
  if (release === 'full') {
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
    res.end('too many scrapes at once\n');
    return;
  }
  // The slot is held for the socket only, never a lock: a stalled reader costs one slot until cut.
  const timer = setTimeout(() => res.destroy(), o.writeTimeoutMs ?? 30_000);
  timer.unref();
  res.once('close', () => {
    clearTimeout(timer);
    release();
  });
  try {
    const snap = await snapshot();
    // Before any await: the snapshot's buffers return to the pool when its last reader is done,
    // and 'close' comes after the last byte went to the kernel, or after the socket is gone.
    snap.retain();
    let released = false;
    const done = () => {
      if (!released) snap.release();
      released = true;
    };
    res.once('close', done);
    if (res.destroyed) {
      done();
      return;
    }
    const gzip = acceptsGzip(req.headers['accept-encoding']);
    const body = gzip ? [await snap.gzip()] : snap.chunks;
    if (res.destroyed) return;
    res.writeHead(200, {
      'content-type': EXPOSITION_CONTENT_TYPE,
      'content-length': body.reduce((n, b) => n + b.length, 0),
      vary: 'Accept-Encoding',
      ...(gzip && { 'content-encoding': 'gzip' }),
    });
    if (req.method === 'HEAD') return void res.end();
    // Buffers are queued without waiting for `drain`: they are the shared snapshot, already in
    // memory, and a client that stops reading is cut by the write timeout, not waited for.
    for (const b of body) res.write(b);
    res.end();
  } catch (err) {
    o.log.once('scrape', `scrape failed: ${String(err)}`);
    if (res.destroyed) return;
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('collection failed\n');
  }
}

function serveErrors(req: IncomingMessage, res: ServerResponse, recent: RecentErrors, raw: boolean): void {
  const limit = Math.min(1000, Number(new URL(req.url ?? '/', 'http://x').searchParams.get('limit')) || 50);
  const list = recent.list(limit).map((e) => (raw ? e : { ...e, message: redact(e.message) }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(list));
}
