/**
 * The engine's HTTP endpoints on `listen`: /metrics, /healthz, /api/v1/alerts (Prometheus' shape
 * plus severity and reasons), /api/v1/rules, /api/v1/history, /api/v1/notifications, /-/reload.
 * Any other path goes to the notification pipeline (silences API), then 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Alert } from '../alert.ts';
import type { Engine } from '../engine/engine.ts';
import type { RuleHealth } from '../engine/engineState.ts';
import type { SilenceAccess } from '../notify/stores/silenceStore.ts';
import { sendJson } from '../shared/httpJson.ts';
import type { Logger } from '../shared/log.ts';
import { stateWrites } from '../shared/stateWrites.ts';
import type { WriteAccess } from './bearerAuth.ts';
import { hostProblem, isWrite, type RequestPolicy, requestPolicy, writeProblem } from './requestGuard.ts';
import { handleSilencesHttp } from './silencesApi.ts';
import { handleSilencesV2 } from './silencesApiV2.ts';
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
  /** Who may write (silences, POST /-/reload): the token and whether `listen` is loopback. */
  readonly access?: WriteAccess;
  /** The URL users reach the service by, when not its listen address: its host and origin are accepted too. */
  readonly externalUrl?: string;
  /** Accepted `Host`s and origins; {@link startApiServer} builds it from the listen address. */
  readonly policy?: RequestPolicy;
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

/** One request as a route sees it. */
interface Request {
  readonly opts: ApiServerOptions;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
}

/** An endpoint: method, paths and the handler. */
interface Route {
  readonly method: 'GET' | 'POST';
  readonly paths: readonly string[];
  handle(r: Request): void | Promise<void>;
}

/** The one route table of the service (the status page and the silences API follow it). */
const ROUTES: readonly Route[] = [
  { method: 'GET', paths: ['/metrics'], handle: metrics },
  { method: 'GET', paths: ['/healthz', '/-/healthy', '/-/ready'], handle: health },
  { method: 'GET', paths: ['/api/v1/alerts'], handle: alerts },
  { method: 'GET', paths: ['/api/v1/rules'], handle: rules },
  { method: 'GET', paths: ['/api/v1/history'], handle: history },
  { method: 'GET', paths: ['/api/v1/notifications'], handle: notifications },
  { method: 'POST', paths: ['/-/reload'], handle: reload },
];

function metrics({ opts, res }: Request): void {
  res.writeHead(200, {
    'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(opts.engine.metrics() + (opts.notifier?.metrics() ?? ''));
}

function health({ opts, res }: Request): void {
  const lastCycleAt = opts.engine.lastCycleAt();
  const fresh = opts.engine.cycleAgeMs() < opts.staleAfterMs;
  // Degraded mode (shared/stateWrites.ts): state_dir writes fail, so nothing is durable.
  const state = stateWrites.anyUnhealthy();
  sendJson(res, fresh && !state ? 200 : 503, {
    status: state ? 'degraded: state_dir not writable' : fresh ? 'ok' : 'starting or stalled',
    lastCycleAt: lastCycleAt ? new Date(lastCycleAt).toISOString() : null,
    ...(state ? { stateDir: state.dir, stateError: state.error } : {}),
  });
}

function alerts({ opts, res, url }: Request): void {
  const all = url.searchParams.get('resolved') === 'true';
  sendJson(res, 200, { status: 'success', data: { alerts: opts.engine.alerts(all).map(apiAlert) } });
}

function rules({ opts, res }: Request): void {
  const active = opts.engine.alerts();
  const rules = opts.engine.rules().map((r) => ({
    ...ruleHealth(opts.engine.ruleHealth(r.key)),
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
    alerts: active.filter((a) => a.labels.alertname === r.name).map(apiAlert),
  }));
  sendJson(res, 200, { status: 'success', data: { rules } });
}

/** Prometheus' health fields: `unknown` before the first evaluation, `err` with the query's error. */
function ruleHealth(h: RuleHealth | undefined): {
  health: string;
  lastError: string;
  lastEvaluation: string;
} {
  if (!h) return { health: 'unknown', lastError: '', lastEvaluation: '0001-01-01T00:00:00Z' };
  return {
    health: h.error === undefined ? 'ok' : 'err',
    lastError: h.error ?? '',
    lastEvaluation: new Date(h.at).toISOString(),
  };
}

function history({ opts, res, url }: Request): void {
  sendJson(res, 200, { status: 'success', data: { events: opts.engine.history(limitParam(url, 200)) } });
}

function notifications({ opts, res, url }: Request): void {
  const list = opts.notifier?.recent?.(limitParam(url, 200)) ?? [];
  sendJson(res, 200, { status: 'success', data: { notifications: list } });
}

async function reload({ opts, req, res }: Request): Promise<void> {
  if (!opts.reload) return notFound(req, res);
  const issues = await opts.reload();
  sendJson(
    res,
    issues.length ? 400 : 200,
    issues.length ? { status: 'error', errors: issues } : { status: 'success' },
  );
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  sendJson(res, 404, {
    status: 'error',
    error: `no such endpoint: ${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname}`,
  });
}

function limitParam(url: URL, dflt: number): number {
  const n = Number(url.searchParams.get('limit'));
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : dflt;
}

/** The host of the request as its own origin, for a server embedded without a policy. */
function selfPolicy(req: IncomingMessage): RequestPolicy {
  const host = String(req.headers.host ?? '').toLowerCase();
  return { hosts: new Set([host]), origins: new Set([`http://${host}`]), anyHost: true };
}

/**
 * Sends the refusal when the request names another host (DNS rebinding) or is a write that is
 * not ours to accept (cross-origin, simple content type, token missing); sets the headers that
 * keep every answer out of frames.
 */
function refused(opts: ApiServerOptions, req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('content-security-policy', "frame-ancestors 'none'");
  const policy = opts.policy ?? selfPolicy(req);
  const badHost = hostProblem(req, policy);
  if (badHost) {
    sendJson(res, 421, { status: 'error', error: badHost });
    return true;
  }
  if (!isWrite(req.method)) return false;
  const problem = writeProblem(req, policy, opts.access ?? { loopback: true });
  if (!problem) return false;
  sendJson(res, problem.includes('token') ? 401 : 403, { status: 'error', error: problem });
  return true;
}

/** Handles one request. Exported for embedding the API in another server. */
export async function handleApi(
  opts: ApiServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (refused(opts, req, res)) return;
  const get = req.method === 'GET' || req.method === 'HEAD';
  const route = ROUTES.find(
    (r) => (r.method === 'GET' ? get : req.method === r.method) && r.paths.includes(url.pathname),
  );
  if (route && (route.method !== 'POST' || opts.reload)) return route.handle({ opts, req, res, url });
  if (get && (await handleStatusPage(req, res, url, opts))) return;
  if (opts.notifier) {
    const access = await opts.notifier.silenceAccess();
    if (await handleSilencesHttp(req, res, url, access)) return;
    if (await handleSilencesV2(req, res, url, access)) return;
  }
  notFound(req, res);
}

/** Starts the server on host:port (port 0 picks a free one). */
export async function startApiServer(
  opts: ApiServerOptions,
  host: string,
  port: number,
): Promise<Server & { url: string }> {
  let withPolicy = opts;
  const server = createServer((req, res) => {
    handleApi(withPolicy, req, res).catch((err) => {
      opts.log.error('HTTP handler failed', { error: err, path: req.url });
      if (!res.headersSent) sendJson(res, 500, { status: 'error', error: 'internal error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  withPolicy = {
    ...opts,
    policy: opts.policy ?? requestPolicy({ host, port: actual, externalUrl: opts.externalUrl }),
  };
  return Object.assign(server, { url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}` });
}
