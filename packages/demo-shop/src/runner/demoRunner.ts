import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncidentPhase } from '../incident.ts';
import { withOutage } from '../incident.ts';
import { playIncident } from '../incidentPlayer.ts';
import { TrafficGenerator } from '../trafficGenerator.ts';
import { bannerLines } from './banner.ts';
import { ChildGroup } from './childGroup.ts';
import { findPrometheus } from './findPrometheus.ts';
import {
  describeEvent,
  type HistoryEvent,
  incidentVerdict,
  type NotificationLine,
  undelivered,
} from './incidentVerdict.ts';
import { renderPrometheusConfig } from './prometheusConfig.ts';
import { loadSlackSink, renderSlackPayload, type Sink } from './slackTerminal.ts';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Run one incident to its resolve, then stop (the `--once` flag). */
  readonly once: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Where the demo writes what it shows (stdout). */
  readonly print: (line: string) => void;
  /** Echo every child's log lines too. */
  readonly verbose?: boolean;
  /** Colour in the terminal rendering of Slack messages. */
  readonly colour?: boolean;
  /** Aborting stops the demo (Ctrl-C, SIGTERM). */
  readonly signal: AbortSignal;
  /** Give up on `--once` after this long from the incident's start (default 240 s). */
  readonly onceTimeoutMs?: number;
  /** How long the outage phase lasts, in seconds (the `--outage=N` flag; default 35). */
  readonly outageSeconds?: number;
}

/** How a demo run ended. */
export interface DemoOutcome {
  readonly ok: boolean;
  /** Why it failed, for the exit message. */
  readonly reason?: string;
}

/** The alert whose page, escalation and resolve `--once` waits for. */
export const INCIDENT_ALERT = 'CheckoutErrorRatio';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/demo-shop/dist/runner → the repository root. */
const ROOT = join(here, '../../../..');
const DEMO_CONFIG_DIR = join(ROOT, 'deploy/alerting/demo');
const require = createRequire(import.meta.url);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function waitHttp(
  url: string,
  ok: (status: number) => boolean,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal.throwIfAborted();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (ok(res.status)) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Polls /api/v1/notifications until page, escalation and resolve were sent; returns what was not. */
async function waitDelivered(alertingUrl: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let missing = ['the alerting service did not list its notifications'];
    try {
      const res = await fetch(`${alertingUrl}/api/v1/notifications?limit=500`, {
        signal: AbortSignal.timeout(2000),
      });
      const body = (await res.json()) as { data?: { notifications?: NotificationLine[] } };
      missing = undelivered(body.data?.notifications ?? [], INCIDENT_ALERT);
    } catch {
      // Try again until the deadline.
    }
    if (!missing.length || Date.now() > deadline) return missing;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The one-command demo: real Prometheus, the demo shop under the preload, the traffic generator
 * with the scripted incident, the alerting service with deploy/alerting/demo/, and Slack (a local
 * sink rendered in the terminal, or SLACK_WEBHOOK_URL). Everything it starts is stopped and its
 * temp dir removed before it returns, whatever happened.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoOutcome> {
  const { print, signal, env } = opts;
  const children = new ChildGroup(opts.verbose ? (name, line) => print(`  [${name}] ${line}`) : undefined);
  const dir = await mkdtemp(join(tmpdir(), 'golden-signals-demo-'));
  let sink: Sink | undefined;
  let traffic: TrafficGenerator | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    const prometheusBin = findPrometheus(env, print);
    const [shopPort, metricsPort, alertingPort, promPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const realSlack = env.SLACK_WEBHOOK_URL;
    if (!realSlack) {
      sink = await loadSlackSink();
      await sink.start();
    }
    const slackUrl = realSlack ?? sink!.url;

    print('Starting the demo shop under the preload…');
    const shop = children.spawn(
      'shop',
      process.execPath,
      [
        '--require',
        fileURLToPath(import.meta.resolve('@golden-signals/instrumentation/register')),
        join(here, '../shopMain.js'),
      ],
      {
        ...env,
        NODE_OPTIONS: '',
        OTEL_SERVICE_NAME: 'demo-shop',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        SHOP_PORT: String(shopPort),
      },
    );
    await shop.waitForOutput(/listening (\d+)/, 15_000);
    const shopUrl = `http://127.0.0.1:${shopPort}`;

    print(`Starting Prometheus (${prometheusBin})…`);
    const template = await readFile(join(DEMO_CONFIG_DIR, 'prometheus.yml'), 'utf8');
    const promConfig = join(dir, 'prometheus.yml');
    await writeFile(
      promConfig,
      renderPrometheusConfig(template, {
        shopMetrics: `127.0.0.1:${metricsPort}`,
        alerting: `127.0.0.1:${alertingPort}`,
        root: ROOT,
      }),
    );
    const prometheusUrl = `http://127.0.0.1:${promPort}`;
    children.spawn(
      'prometheus',
      prometheusBin,
      [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--storage.tsdb.retention.time=1d',
        // Series of a stopped phase vanish within seconds instead of Prometheus' default 5 min.
        '--query.lookback-delta=30s',
      ],
      env,
    );
    await waitHttp(`${prometheusUrl}/-/ready`, (s) => s === 200, 30_000, signal);

    print('Starting the alerting service (deploy/alerting/demo)…');
    const alertingUrl = `http://127.0.0.1:${alertingPort}`;
    const alertingCli = join(
      dirname(require.resolve('@golden-signals/alerting/package.json')),
      'dist/cli.js',
    );
    children.spawn(
      'alerting',
      process.execPath,
      [alertingCli, 'run', '--config', join(DEMO_CONFIG_DIR, 'alerting.yml')],
      {
        ...env,
        NODE_OPTIONS: '',
        DEMO_PROMETHEUS_URL: prometheusUrl,
        DEMO_STATE_DIR: join(dir, 'alerting-state'),
        DEMO_LISTEN: `127.0.0.1:${alertingPort}`,
        SLACK_WEBHOOK_URL: slackUrl,
        GOLDEN_SIGNALS_STATUS_WINDOW: '30s',
      },
    );
    await waitHttp(`${alertingUrl}/healthz`, (s) => s === 200, 30_000, signal);

    traffic = new TrafficGenerator({ baseUrl: shopUrl });
    traffic.start();
    for (const line of bannerLines({
      alertingUrl,
      prometheusUrl,
      shopUrl,
      metricsPort,
      realSlack: Boolean(realSlack),
      once: opts.once,
    }))
      print(line);

    const started = Date.now();
    const seen = new Set<string>();
    const events: HistoryEvent[] = [];
    let shownPayloads = 0;
    const watch = async (): Promise<void> => {
      try {
        const res = await fetch(`${alertingUrl}/api/v1/history?limit=500`, {
          signal: AbortSignal.timeout(2000),
        });
        const body = (await res.json()) as { data?: { events?: HistoryEvent[] } };
        for (const e of body.data?.events ?? []) {
          const key = `${e.at}|${e.fingerprint}|${e.kind}|${e.severity}`;
          if (seen.has(key) || e.at < started) continue;
          seen.add(key);
          events.push(e);
          print(`  ${describeEvent(e)}`);
        }
      } catch {
        // The service is busy or stopping; the next poll catches up.
      }
      for (; sink && shownPayloads < sink.requests.length; shownPayloads++) {
        print(
          `\n📨 Slack message:\n${renderSlackPayload(sink.requests[shownPayloads]!.body, opts.colour ?? false)}\n`,
        );
      }
    };
    timers.push(setInterval(() => void watch(), 1000));

    const crashed = (): string | undefined => {
      const gone = children.exited()[0];
      return gone ? `${gone.name} exited unexpectedly:\n${gone.output()}` : undefined;
    };
    const onPhase = (p: IncidentPhase) =>
      print(
        `\n⏱  +${Math.round((Date.now() - started) / 1000)} s  incident phase "${p.name}": ${p.expect}\n`,
      );
    const script = opts.outageSeconds === undefined ? undefined : withOutage(opts.outageSeconds);
    const playing = playIncident({
      apply: (f) => traffic!.setFaults(f),
      onPhase,
      signal,
      ...(script ? { script } : {}),
    });

    if (!opts.once) {
      await playing;
      print('\nThe scripted incident is over; traffic keeps flowing. Press Ctrl-C to stop everything.');
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      return { ok: true };
    }
    const deadline = started + (opts.onceTimeoutMs ?? 240_000);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      await watch();
      if (signal.aborted) return { ok: false, reason: 'stopped before the incident resolved' };
      const crash = crashed();
      if (crash) return { ok: false, reason: crash };
      const verdict = incidentVerdict(events, INCIDENT_ALERT, started);
      if (verdict.done) {
        await playing;
        // The resolve reaches Slack a group interval after the engine saw it: wait for delivery.
        const missing = await waitDelivered(alertingUrl, 20_000);
        await watch();
        if (missing.length) return { ok: false, reason: missing.join('; ') };
        print(
          `\n✅ Paged at warning, escalated to critical, resolved, in ${Math.round((Date.now() - started) / 1000)} s.`,
        );
        return { ok: true };
      }
      if (Date.now() > deadline) return { ok: false, reason: verdict.missing.join('; ') };
    }
  } catch (err) {
    if (signal.aborted) return { ok: true };
    return { ok: false, reason: (err as Error).message };
  } finally {
    for (const t of timers) clearInterval(t);
    await traffic?.stop();
    await children.stop();
    await sink?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
