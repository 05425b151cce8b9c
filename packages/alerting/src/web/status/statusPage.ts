/**
 * The status page served by the alerting service on `listen`: `/` (HTML), its assets under
 * /status/assets/, and two JSON endpoints the page polls: /status/api/summary (cards, alerts,
 * notifications, history, silences) and /status/api/charts (golden-signal range queries per
 * service). Prometheus is queried server-side, so the browser needs no access to it and never
 * sees its headers. Silences are created and expired through /api/v1/silences.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Alert } from '../../alert.ts';
import type { HistoryEntry } from '../../core/history.ts';
import type { Silence } from '../../notify/types.ts';
import type { PrometheusClient, RangeSeries, Sample } from '../../prometheus/client.ts';
import { sendJson as sendJsonTo } from '../../shared/httpJson.ts';
import type { MuteState } from './alertViews.ts';
import { type ChartRule, thresholdLines } from './chartThresholds.ts';
import { assetFor } from './statusAssets.ts';
import { businessQueries, cardQueries, chartSpecs, secondsSinceMidnight, stepFor } from './statusQueries.ts';
import { buildSummary, type Results } from './statusSummary.ts';

/** What the status page reads. The engine's API server options fit as they are. */
export interface StatusContext {
  readonly engine: {
    alerts(includeResolved?: boolean): Alert[];
    history(limit?: number): HistoryEntry[];
    lastCycleAt(): number;
    /** The rules: units of their alerts' values, threshold lines of the charts. */
    rules?(): readonly ChartRule[];
  };
  readonly notifier?: {
    recent?(limit: number): unknown[];
    silences?(): Silence[];
    /** Whether a silence or an inhibit rule hides the alert from receivers. */
    mutedBy?(alert: Alert): MuteState | undefined;
  };
  /** Where the cards and charts come from; without it the page shows alerts only. */
  readonly prometheus?: Pick<PrometheusClient, 'query' | 'queryRange'>;
  /**
   * Rate window of cards and charts (default GOLDEN_SIGNALS_STATUS_WINDOW, else `5m`); the demo
   * uses `30s` to match its 30 s rules.
   */
  readonly statusWindow?: string;
  readonly now?: () => number;
}

const WINDOW = /^\d+(ms|s|m|h|d)$/;

/** Serves the status page; returns false for paths it does not own. */
export async function handleStatusPage(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: StatusContext,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const asset = assetFor(url.pathname);
  if (asset) {
    send(
      res,
      200,
      asset.type,
      asset.body,
      url.pathname.startsWith('/status/assets/uPlot') ? 'max-age=3600' : 'no-cache',
    );
    return true;
  }
  if (url.pathname === '/favicon.ico') {
    // Browsers ask for it on every visit; a 404 shows up as an error in the console.
    res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
    return true;
  }
  if (url.pathname === '/status/api/summary') {
    sendJson(res, await summary(ctx));
    return true;
  }
  if (url.pathname === '/status/api/charts') {
    const range = Number(url.searchParams.get('range') ?? 900);
    sendJson(
      res,
      await charts(ctx, Number.isFinite(range) ? Math.min(Math.max(range, 60), 7 * 86_400) : 900),
    );
    return true;
  }
  return false;
}

function windowOf(ctx: StatusContext): string {
  const w = ctx.statusWindow ?? process.env.GOLDEN_SIGNALS_STATUS_WINDOW ?? '5m';
  return WINDOW.test(w) ? w : '5m';
}

async function runAll(
  ctx: StatusContext,
  queries: Record<string, string>,
  errors: string[],
): Promise<Results> {
  const entries = await Promise.all(
    Object.entries(queries).map(async ([name, q]): Promise<[string, readonly Sample[] | undefined]> => {
      if (!ctx.prometheus) return [name, undefined];
      try {
        return [name, await ctx.prometheus.query(q)];
      } catch (err) {
        errors.push((err as Error).message);
        return [name, undefined];
      }
    }),
  );
  return Object.fromEntries(entries);
}

async function summary(ctx: StatusContext) {
  const now = (ctx.now ?? Date.now)();
  const w = windowOf(ctx);
  const errors: string[] = [];
  const [cards, business] = await Promise.all([
    runAll(ctx, cardQueries(w), errors),
    runAll(ctx, businessQueries(secondsSinceMidnight(now), w), errors),
  ]);
  const prometheusError = ctx.prometheus ? errors[0] : 'no Prometheus configured for the status page';
  return buildSummary({
    now,
    lastCycleAt: ctx.engine.lastCycleAt(),
    window: w,
    alerts: ctx.engine.alerts(),
    history: ctx.engine.history(50),
    notifications: ctx.notifier?.recent?.(50) ?? [],
    silences: ctx.notifier?.silences?.() ?? [],
    rules: ctx.engine.rules?.() ?? [],
    ...(ctx.notifier?.mutedBy ? { mutedBy: (a: Alert) => ctx.notifier?.mutedBy?.(a) } : {}),
    cards,
    business,
    ...(prometheusError ? { prometheusError } : {}),
  });
}

/** Range queries for every chart, split into one chart set per service. */
async function charts(ctx: StatusContext, rangeSeconds: number) {
  const end = (ctx.now ?? Date.now)();
  const step = stepFor(rangeSeconds);
  const specs = chartSpecs(windowOf(ctx));
  const rules = ctx.engine.rules?.() ?? [];
  const errors: string[] = [];
  const results = await Promise.all(
    specs.map(async (spec): Promise<RangeSeries[]> => {
      if (!ctx.prometheus) return [];
      try {
        return await ctx.prometheus.queryRange(spec.query, end - rangeSeconds * 1000, end, step * 1000);
      } catch (err) {
        errors.push((err as Error).message);
        return [];
      }
    }),
  );
  const services = new Set<string>();
  for (const r of results) for (const s of r) services.add(s.labels.service_name ?? '');
  return {
    start: Math.floor((end - rangeSeconds * 1000) / 1000),
    end: Math.floor(end / 1000),
    step,
    ...(errors.length ? { error: errors[0] } : {}),
    services: [...services].sort().map((service) => ({
      service,
      charts: specs.map((spec, i) => ({
        id: spec.id,
        title: spec.title,
        unit: spec.unit,
        thresholds: thresholdLines(spec, rules),
        series: results[i]!.filter((s) => (s.labels.service_name ?? '') === service).map((s) => ({
          label: spec.seriesLabel ? (s.labels[spec.seriesLabel] ?? '') : spec.lineName,
          // Seconds for uPlot's time axis; NaN/Inf (a quantile of no traffic) become gaps.
          points: s.values.map(([t, v]) => [t / 1000, Number.isFinite(v) ? v : null]),
        })),
      })),
    })),
  };
}

function sendJson(res: ServerResponse, body: unknown): void {
  sendJsonTo(res, 200, body, { 'content-security-policy': CSP });
}

/**
 * Everything is same-origin; no inline script, so label values can never become code; and no
 * page may frame this one (clickjacking of Silence and Expire).
 */
const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, cache: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
    'x-frame-options': 'DENY',
  });
  res.end(body);
}
