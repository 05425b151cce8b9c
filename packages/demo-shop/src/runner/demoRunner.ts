import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncidentPhase } from '../incident.ts';
import { QUICK_SCRIPT, withOutage } from '../incident.ts';
import { playIncident } from '../incidentPlayer.ts';
import { TrafficGenerator } from '../trafficGenerator.ts';
import { bannerLines } from './banner.ts';
import { ChildGroup } from './childGroup.ts';
import { DEMO_CONFIG_DIR, type DemoPorts, ROOT, startAlerting, startShop } from './demoStack.ts';
import { findPrometheus } from './findPrometheus.ts';
import { incidentVerdict, type NotificationLine, undelivered } from './incidentVerdict.ts';
import { IncidentWatcher } from './incidentWatcher.ts';
import { renderPrometheusConfig } from './prometheusConfig.ts';
import { loadSlackSink, type Sink } from './slackTerminal.ts';
import { freePort, waitHttp } from './waitHttp.ts';

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
  /** Play the compressed script ({@link QUICK_SCRIPT}, the `--quick` flag). */
  readonly quick?: boolean;
}

/** How a demo run ended. */
export interface DemoOutcome {
  readonly ok: boolean;
  /** Why it failed, for the exit message. */
  readonly reason?: string;
}

/** The alert whose page, escalation and resolve `--once` waits for. */
export const INCIDENT_ALERT = 'CheckoutErrorRatio';

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

/** What the demo started and must stop, filled in as each part starts. */
interface Parts {
  sink?: Sink;
  traffic?: TrafficGenerator;
}

/** The URLs of a running demo. */
interface Stack {
  readonly shopUrl: string;
  readonly prometheusUrl: string;
  readonly alertingUrl: string;
  readonly metricsPort: number;
}

/** Starts a real Prometheus on the demo's config (scraping the shop and the alerting service). */
async function startPrometheus(
  children: ChildGroup,
  opts: DemoOptions,
  prometheusBin: string,
  dir: string,
  ports: DemoPorts,
): Promise<string> {
  const { env, print, signal } = opts;
  print(`Starting Prometheus (${prometheusBin})…`);
  const template = await readFile(join(DEMO_CONFIG_DIR, 'prometheus.yml'), 'utf8');
  const promConfig = join(dir, 'prometheus.yml');
  await writeFile(
    promConfig,
    renderPrometheusConfig(template, {
      shopMetrics: `127.0.0.1:${ports.metrics}`,
      alerting: `127.0.0.1:${ports.alerting}`,
      root: ROOT,
    }),
  );
  const prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;
  children.spawn(
    'prometheus',
    prometheusBin,
    [
      `--config.file=${promConfig}`,
      `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${ports.prometheus}`,
      '--storage.tsdb.retention.time=1d',
      // Series of a stopped phase vanish within seconds instead of Prometheus' default 5 min.
      '--query.lookback-delta=30s',
    ],
    env,
  );
  await waitHttp(`${prometheusUrl}/-/ready`, (s) => s === 200, 30_000, signal);
  return prometheusUrl;
}

/** Starts Slack (the local sink unless SLACK_WEBHOOK_URL), the shop, Prometheus and the alerting service. */
async function startStack(
  opts: DemoOptions,
  children: ChildGroup,
  dir: string,
  parts: Parts,
): Promise<Stack> {
  const { env, print, signal } = opts;
  // First, so a machine without Prometheus learns it before anything starts.
  const prometheusBin = findPrometheus(env, print);
  const [shop, metrics, alerting, prometheus] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const ports: DemoPorts = { shop, metrics, alerting, prometheus };
  if (!env.SLACK_WEBHOOK_URL) {
    parts.sink = await loadSlackSink();
    await parts.sink.start();
  }
  const slackUrl = env.SLACK_WEBHOOK_URL ?? parts.sink!.url;
  print('Starting the demo shop under the preload…');
  const shopUrl = await startShop(children, env, ports);
  const prometheusUrl = await startPrometheus(children, opts, prometheusBin, dir, ports);
  print('Starting the alerting service (deploy/alerting/demo)…');
  const stateDir = join(dir, 'alerting-state');
  const alertingUrl = await startAlerting(
    children,
    env,
    ports,
    { prometheusUrl, stateDir, slackUrl },
    signal,
  );
  return { shopUrl, prometheusUrl, alertingUrl, metricsPort: metrics };
}

/** The scripted incident being played; a failure (the shop refused faults) is kept, never unhandled. */
interface Playing {
  readonly done: Promise<void>;
  failure(): Error | undefined;
}

function playScript(
  opts: DemoOptions,
  traffic: TrafficGenerator,
  started: number,
  signal: AbortSignal,
): Playing {
  const base = opts.quick ? QUICK_SCRIPT : undefined;
  const script = opts.outageSeconds === undefined ? base : withOutage(opts.outageSeconds, base);
  const onPhase = (p: IncidentPhase) =>
    opts.print(
      `\n⏱  +${Math.round((Date.now() - started) / 1000)} s  incident phase "${p.name}": ${p.expect}\n`,
    );
  let failed: Error | undefined;
  const done = playIncident({
    apply: (f) => traffic.setFaults(f),
    onPhase,
    signal,
    ...(script ? { script } : {}),
  });
  done.catch((err: Error) => {
    failed = err;
  });
  return { done, failure: () => (signal.aborted ? undefined : failed) };
}

/** `--once`: polls the history until the incident paged, escalated and resolved (and Slack got it). */
async function untilResolved(
  opts: DemoOptions,
  stack: Stack,
  watcher: IncidentWatcher,
  children: ChildGroup,
  playing: Playing,
): Promise<DemoOutcome> {
  const deadline = watcher.started + (opts.onceTimeoutMs ?? 240_000);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    await watcher.poll();
    if (opts.signal.aborted) return { ok: false, reason: 'stopped before the incident resolved' };
    const gone = children.exited()[0];
    if (gone) return { ok: false, reason: `${gone.name} exited unexpectedly:\n${gone.output()}` };
    const failure = playing.failure();
    if (failure) return { ok: false, reason: failure.message };
    const verdict = incidentVerdict(watcher.events, INCIDENT_ALERT, watcher.started);
    if (verdict.done) {
      // The resolve reaches Slack a group interval after the engine saw it: wait for delivery.
      const missing = await waitDelivered(stack.alertingUrl, 20_000);
      await watcher.poll();
      if (missing.length) return { ok: false, reason: missing.join('; ') };
      const secs = Math.round((Date.now() - watcher.started) / 1000);
      opts.print(`\n✅ Paged at warning, escalated to critical, resolved, in ${secs} s.`);
      return { ok: true };
    }
    if (Date.now() > deadline) return { ok: false, reason: verdict.missing.join('; ') };
  }
}

/** Without `--once`: the script plays out, then traffic keeps flowing until Ctrl-C. */
async function keepRunning(opts: DemoOptions, playing: Playing): Promise<DemoOutcome> {
  await playing.done;
  opts.print('\nThe scripted incident is over; traffic keeps flowing. Press Ctrl-C to stop everything.');
  await new Promise<void>((resolve) =>
    opts.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  return { ok: true };
}

/**
 * The one-command demo: real Prometheus, the demo shop under the preload, the traffic generator
 * with the scripted incident, the alerting service with deploy/alerting/demo/, and Slack (a local
 * sink rendered in the terminal, or SLACK_WEBHOOK_URL). Everything it starts is stopped and its
 * temp dir removed before it returns, whatever happened.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoOutcome> {
  const { print, signal } = opts;
  const children = new ChildGroup(opts.verbose ? (name, line) => print(`  [${name}] ${line}`) : undefined);
  const dir = await mkdtemp(join(tmpdir(), 'golden-signals-demo-'));
  const parts: Parts = {};
  // Stops the script once `--once` has its verdict: later phases no longer matter.
  const script = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    const stack = await startStack(opts, children, dir, parts);
    parts.traffic = new TrafficGenerator({ baseUrl: stack.shopUrl });
    parts.traffic.start();
    const { alertingUrl, prometheusUrl, shopUrl, metricsPort } = stack;
    for (const line of bannerLines({
      alertingUrl,
      prometheusUrl,
      shopUrl,
      metricsPort,
      realSlack: Boolean(opts.env.SLACK_WEBHOOK_URL),
      once: opts.once,
    }))
      print(line);
    const watcher = new IncidentWatcher({
      alertingUrl,
      started: Date.now(),
      print,
      colour: opts.colour ?? false,
      ...(parts.sink ? { sink: parts.sink } : {}),
    });
    timer = setInterval(() => void watcher.poll(), 1000);
    const playing = playScript(
      opts,
      parts.traffic,
      watcher.started,
      AbortSignal.any([signal, script.signal]),
    );
    return await (opts.once
      ? untilResolved(opts, stack, watcher, children, playing)
      : keepRunning(opts, playing));
  } catch (err) {
    if (signal.aborted) return { ok: true };
    return { ok: false, reason: (err as Error).message };
  } finally {
    script.abort();
    clearInterval(timer);
    await parts.traffic?.stop();
    await children.stop();
    await parts.sink?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
