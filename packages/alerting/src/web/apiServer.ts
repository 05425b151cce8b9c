/**
 * The engine's HTTP endpoints on `listen`: /metrics, /healthz, /api/v1/alerts (Prometheus' shape
 * plus severity and reasons), /api/v1/rules, /api/v1/history, /api/v1/notifications, /-/reload.
 * Any other path goes to the notification pipeline (silences API), then 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Alert } from '../alert.ts';
import type { Engine } from '../engine/engine.ts';
import type { SilenceAccess } from '../notify/stores/silenceStore.ts';
import type { Logger } from '../shared/log.ts';
import { mayWrite, refusal, type WriteAccess } from './bearerAuth.ts';
import { handleSilencesHttp } from './silencesApi.ts';
import { handleStatusPage, type StatusContext } from './status/statusPage.ts';

/** What the server needs beyond the engine. */
export interface ApiServerOptions {
  readonly engine: Engine;
  readonly log: Logger;
  /** The notification pipeline's HTTP handler, metrics and recent notifications, when wired. */
  readonly notifier?: {
    silenceAccess(): Promise<SilenceAccess>;
    metrics(): string;
    recent?(limit: number): unknown[];
  };
  /** Triggers a config reload (POST /-/reload); resolves to the issues, empty when it worked. */
  readonly reload?: () => Promise<readonly string[]>;
  /** Where the status page (`/`) gets its cards and charts. */
  readonly prometheus?: StatusContext['prometheus'];
  /** A cycle older than this many ms makes /healthz answer 503. */
  readonly staleAfterMs: number;
  /** Who may POST /-/reload (the same rule as the silences API). */
  readonly access?: WriteAccess;
}

/** The Prometheus `/api/v1/alerts` form of an alert, plus severity, reasons and our extras. */
export function apiAlert(a: Alert): Record<string, unknown> {
  return {
    labels: a.labels,
    annotations: a.annotations,
    state: a.state,
    activeAt: new Date(a.activeAt).toISOString(),
    value: String(a.value),
    severity: a.severity,
    reasons: a.reasons,
    fingerprint: a.fingerprint,
    ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
    ...(a.firedAt !== undefined ? { firedAt: new Date(a.firedAt).toISOString() } : {}),
    ...(a.resolvedAt !== undefined ? { resolvedAt: new Date(a.resolvedAt).toISOString() } : {}),
    ...(a.flapping ? { flapping: true } : {}),
    ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
  };
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

function limitParam(url: URL, dflt: number): number {
  const n = Number(url.searchParams.get('limit'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : dflt;
}

/** Handles one request. Exported for embedding the API in another server. */
export async function handleApi(
  opts: ApiServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const { engine } = opts;
  const get = req.method === 'GET' || req.method === 'HEAD';
  if (get && url.pathname === '/metrics') {
    return send(
      res,
      200,
      engine.metrics() + (opts.notifier?.metrics() ?? ''),
      'text/plain; version=0.0.4; charset=utf-8',
    );
  }
  if (get && (url.pathname === '/healthz' || url.pathname === '/-/healthy' || url.pathname === '/-/ready')) {
    const lastCycleAt = engine.lastCycleAt();
    const fresh = lastCycleAt > 0 && Date.now() - lastCycleAt < opts.staleAfterMs;
    return send(res, fresh ? 200 : 503, {
      status: fresh ? 'ok' : 'starting or stalled',
      lastCycleAt: lastCycleAt ? new Date(lastCycleAt).toISOString() : null,
    });
  }
  if (get && url.pathname === '/api/v1/alerts') {
    const all = url.searchParams.get('resolved') === 'true';
    return send(res, 200, { status: 'success', data: { alerts: engine.alerts(all).map(apiAlert) } });
  }
  if (get && url.pathname === '/api/v1/rules') {
    const alerts = engine.alerts();
    const rules = engine.rules().map((r) => ({
      name: r.name,
      group: r.group,
      file: r.file,
      query: r.expr,
      duration: r.forMs / 1000,
      keepFiringFor: r.keepFiringForMs / 1000,
      labels: r.labels,
      annotations: r.annotations,
      severity: r.severity ?? null,
      type: 'alerting',
      alerts: alerts.filter((a) => a.labels.alertname === r.name).map(apiAlert),
    }));
    return send(res, 200, { status: 'success', data: { rules } });
  }
  if (get && url.pathname === '/api/v1/history') {
    return send(res, 200, { status: 'success', data: { events: engine.history(limitParam(url, 200)) } });
  }
  if (get && url.pathname === '/api/v1/notifications') {
    return send(res, 200, {
      status: 'success',
      data: { notifications: opts.notifier?.recent?.(limitParam(url, 200)) ?? [] },
    });
  }
  if (req.method === 'POST' && url.pathname === '/-/reload' && opts.reload) {
    const access = opts.access ?? { loopback: true };
    if (!mayWrite(req, access)) return send(res, 401, { status: 'error', error: refusal(access) });
    const issues = await opts.reload();
    return send(
      res,
      issues.length ? 400 : 200,
      issues.length ? { status: 'error', errors: issues } : { status: 'success' },
    );
  }
  if (get && (await handleStatusPage(req, res, url, opts))) return;
  if (opts.notifier && (await handleSilencesHttp(req, res, url, await opts.notifier.silenceAccess()))) return;
  send(res, 404, { status: 'error', error: `no such endpoint: ${req.method} ${url.pathname}` });
}

/** Starts the server on host:port (port 0 picks a free one). */
export async function startApiServer(
  opts: ApiServerOptions,
  host: string,
  port: number,
): Promise<Server & { url: string }> {
  const server = createServer((req, res) => {
    handleApi(opts, req, res).catch((err) => {
      opts.log.error('HTTP handler failed', { error: err, path: req.url });
      if (!res.headersSent) send(res, 500, { status: 'error', error: 'internal error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return Object.assign(server, { url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}` });
}
