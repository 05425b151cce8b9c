/**
 * `run`: load the config, restore state, start the engine, the notification pipeline and the HTTP
 * API, and reload on SIGHUP or when the config or a rule file changes. An invalid reload is
 * rejected whole (errors logged) and the old rules keep running.
 */
import { type FSWatcher, watch } from 'node:fs';
import type { Server } from 'node:http';
import { dirname } from 'node:path';
import { formatIssue } from '@golden-signals/config-issues';
import { type LoadedConfig, loadConfig } from '../config/loadConfig.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { createNotifier, type NotificationRecord, type Notifier } from '../notify/index.ts';
import { type SwappableNotifier, swappableNotifier } from '../notify/swappableNotifier.ts';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client.ts';
import type { Logger } from '../shared/log.ts';
import { startApiServer } from '../web/apiServer.ts';
import { isLoopback, type WriteAccess } from '../web/bearerAuth.ts';

/** Options for {@link runService}. */
export interface RunOptions {
  readonly configFile: string;
  readonly log: Logger;
  /** Install SIGHUP handling (default true; tests may turn it off). */
  readonly signals?: boolean;
  /** Watch config and rule files for changes (default true). */
  readonly watchFiles?: boolean;
  readonly env?: Record<string, string | undefined>;
}

/** A running service. */
export interface RunningService {
  readonly engine: Engine;
  /** Base URL of the HTTP API, when `listen` is set. */
  readonly url?: string;
  /** Reloads now; returns the formatted issues (empty when the new config is live). */
  reload(): Promise<string[]>;
  stop(): Promise<void>;
}

/** The parts of a running service the steps below share; `config` and `prom` change on reload. */
interface Service {
  readonly opts: RunOptions;
  config: LoadedConfig;
  prom: PrometheusClient;
  readonly access: WriteAccess;
  readonly notifier: SwappableNotifier;
  readonly engine: Engine;
}

/** Starts the service, or throws a ConfigError-like Error listing every issue. */
export async function runService(opts: RunOptions): Promise<RunningService> {
  const { log } = opts;
  const first = loadConfig(opts.configFile, opts.env);
  if (!first.config) throw new Error(first.issues.map(formatIssue).join('\n'));
  const config = first.config;
  const access = writeAccess(config, opts);
  // The engine and the pipeline query through `svc.prom`, which a reload replaces.
  const svc = { opts, config, prom: client(config), access } as Service;
  const prom: PrometheusClient = {
    query: (q, t) => svc.prom.query(q, t),
    queryRange: (...a) => svc.prom.queryRange(...a),
  };
  Object.assign(svc, { notifier: swappableNotifier(makeNotifier(svc, prom, config)) });
  Object.assign(svc, { engine: createEngine({ settings: config, client: prom, log, sink: svc.notifier }) });
  await svc.engine.restore();
  log.info('config loaded', {
    rules: config.rules.length,
    recordingRulesSkipped: config.recordingRulesSkipped,
    ruleFiles: config.ruleFiles.length,
  });
  const watcher = watchConfig(svc, () => void reload());
  const reload = reloader(svc, prom, watcher.rewatch);
  watcher.rewatch();
  const onHup = () => void reload();
  if (opts.signals !== false) process.on('SIGHUP', onHup);
  const server = await startServer(svc, prom, reload);
  svc.engine.start();
  return {
    engine: svc.engine,
    ...(server ? { url: server.url } : {}),
    reload,
    async stop() {
      process.off('SIGHUP', onHup);
      watcher.close();
      await svc.engine.stop();
      await svc.notifier.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((r) => server?.close(() => r()));
      }
    },
  };
}

function client(config: LoadedConfig): PrometheusClient {
  return createPrometheusClient({
    url: config.prometheus.url,
    timeoutMs: config.prometheus.timeoutMs,
    headers: { ...config.prometheus.headers },
    ...(config.prometheus.flavour ? { flavour: config.prometheus.flavour } : {}),
  });
}

/** Who may write over HTTP: anyone on loopback, else the bearer of GOLDEN_SIGNALS_ALERTING_TOKEN. */
function writeAccess(config: LoadedConfig, opts: RunOptions): WriteAccess {
  const token = (opts.env ?? process.env).GOLDEN_SIGNALS_ALERTING_TOKEN?.trim();
  const access = {
    loopback: config.listen ? isLoopback(config.listen.host) : true,
    ...(token ? { token } : {}),
  };
  if (!access.loopback && !token) {
    opts.log.warn(
      'listen is not loopback and GOLDEN_SIGNALS_ALERTING_TOKEN is unset: silences and reloads over HTTP are refused',
    );
  }
  return access;
}

function makeNotifier(
  svc: Pick<Service, 'opts' | 'access'>,
  prom: PrometheusClient,
  c: LoadedConfig,
  recent?: readonly NotificationRecord[],
): Notifier {
  return createNotifier({
    ...(recent ? { recent } : {}),
    config: c.notify,
    stateDir: c.stateDir,
    query: (q) => prom.query(q),
    log: svc.opts.log,
    ...svc.access,
    ...(c.listen ? { listenIsLoopback: svc.access.loopback } : {}),
  });
}

/** The reload: one at a time; an invalid config is rejected whole and the old rules keep running. */
function reloader(svc: Service, prom: PrometheusClient, rewatch: () => void): () => Promise<string[]> {
  const { log } = svc.opts;
  let reloading: Promise<string[]> | undefined;
  const apply = async (): Promise<string[]> => {
    const next = loadConfig(svc.opts.configFile, svc.opts.env);
    if (!next.config) {
      const errors = next.issues.map(formatIssue);
      for (const e of errors) log.error('reload rejected: old rules keep running', { issue: e });
      svc.engine.markReload(false);
      return errors;
    }
    const loaded = next.config;
    const notifyChanged = JSON.stringify(loaded.notify) !== JSON.stringify(svc.config.notify);
    svc.config = loaded;
    if (notifyChanged) {
      await svc.notifier.replace((recent) => makeNotifier(svc, prom, loaded, recent));
      log.info('notification settings reloaded: receivers, route, inhibit rules and time intervals');
    }
    svc.prom = client(loaded);
    svc.engine.update(loaded);
    svc.engine.markReload(true);
    rewatch();
    log.info('config reloaded', { rules: loaded.rules.length });
    return [];
  };
  return () => {
    reloading ??= apply().finally(() => {
      reloading = undefined;
    });
    return reloading;
  };
}

/** Watches the config's and rule files' directories; a change reloads after 300 ms of quiet. */
function watchConfig(svc: Service, reload: () => void): { rewatch(): void; close(): void } {
  let watchers: FSWatcher[] = [];
  let debounce: NodeJS.Timeout | undefined;
  return {
    rewatch() {
      if (svc.opts.watchFiles === false) return;
      for (const w of watchers) w.close();
      // Watch directories: editors replace files by rename, which a file watch would lose.
      const dirs = new Set([dirname(svc.config.file), ...svc.config.ruleFiles.map((f) => dirname(f))]);
      watchers = [...dirs].map((d) =>
        watch(d, () => {
          clearTimeout(debounce);
          debounce = setTimeout(reload, 300);
        }).on('error', () => {}),
      );
    },
    close() {
      clearTimeout(debounce);
      for (const w of watchers) w.close();
    },
  };
}

async function startServer(
  svc: Service,
  prom: PrometheusClient,
  reload: () => Promise<string[]>,
): Promise<(Server & { url: string }) | undefined> {
  const { config } = svc;
  if (!config.listen) return undefined;
  const server = await startApiServer(
    {
      engine: svc.engine,
      log: svc.opts.log,
      notifier: svc.notifier,
      reload,
      staleAfterMs: Math.max(3 * config.evaluationIntervalMs, 30_000),
      access: svc.access,
      prometheus: prom,
    },
    config.listen.host,
    config.listen.port,
  );
  svc.opts.log.info('listening', { url: server.url });
  return server;
}
