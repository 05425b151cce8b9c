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
import { swappableNotifier } from '../notify/swappableNotifier.ts';
import { createPrometheusClient } from '../prometheus/client.ts';
import type { Logger } from '../shared/log.ts';
import { startApiServer } from '../web/apiServer.ts';
import { isLoopback } from '../web/bearerAuth.ts';

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

/** Starts the service, or throws a ConfigError-like Error listing every issue. */
export async function runService(opts: RunOptions): Promise<RunningService> {
  const { log } = opts;
  const first = loadConfig(opts.configFile, opts.env);
  if (!first.config) throw new Error(first.issues.map(formatIssue).join('\n'));
  let config: LoadedConfig = first.config;
  const client = () =>
    createPrometheusClient({
      url: config.prometheus.url,
      timeoutMs: config.prometheus.timeoutMs,
      headers: { ...config.prometheus.headers },
    });
  let prom = client();
  const token = (opts.env ?? process.env).GOLDEN_SIGNALS_ALERTING_TOKEN?.trim();
  const access = {
    loopback: config.listen ? isLoopback(config.listen.host) : true,
    ...(token ? { token } : {}),
  };
  if (!access.loopback && !token) {
    log.warn(
      'listen is not loopback and GOLDEN_SIGNALS_ALERTING_TOKEN is unset: silences and reloads over HTTP are refused',
    );
  }
  const makeNotifier = (c: LoadedConfig, recent?: readonly NotificationRecord[]): Notifier =>
    createNotifier({
      ...(recent ? { recent } : {}),
      config: c.notify,
      stateDir: c.stateDir,
      query: (q) => prom.query(q),
      log,
      ...access,
      ...(c.listen ? { listenIsLoopback: access.loopback } : {}),
    });
  const notifier = swappableNotifier(makeNotifier(config));
  const engine = createEngine({
    settings: config,
    client: { query: (q, t) => prom.query(q, t), queryRange: (...a) => prom.queryRange(...a) },
    log,
    sink: notifier,
  });
  await engine.restore();
  log.info('config loaded', {
    rules: config.rules.length,
    recordingRulesSkipped: config.recordingRulesSkipped,
    ruleFiles: config.ruleFiles.length,
  });

  let reloading: Promise<string[]> | undefined;
  const reload = (): Promise<string[]> => {
    reloading ??= (async () => {
      const next = loadConfig(opts.configFile, opts.env);
      if (!next.config) {
        const errors = next.issues.map(formatIssue);
        for (const e of errors) log.error('reload rejected: old rules keep running', { issue: e });
        engine.markReload(false);
        return errors;
      }
      const loaded = next.config;
      const notifyChanged = JSON.stringify(loaded.notify) !== JSON.stringify(config.notify);
      config = loaded;
      if (notifyChanged) {
        await notifier.replace((recent) => makeNotifier(loaded, recent));
        log.info('notification settings reloaded: receivers, route, inhibit rules and time intervals');
      }
      prom = client();
      engine.update(config);
      engine.markReload(true);
      rewatch();
      log.info('config reloaded', { rules: config.rules.length });
      return [];
    })().finally(() => {
      reloading = undefined;
    });
    return reloading;
  };

  let watchers: FSWatcher[] = [];
  let debounce: NodeJS.Timeout | undefined;
  const rewatch = () => {
    if (opts.watchFiles === false) return;
    for (const w of watchers) w.close();
    // Watch directories: editors replace files by rename, which a file watch would lose.
    const dirs = new Set([dirname(config.file), ...config.ruleFiles.map((f) => dirname(f))]);
    watchers = [...dirs].map((d) =>
      watch(d, () => {
        clearTimeout(debounce);
        debounce = setTimeout(() => void reload(), 300);
      }).on('error', () => {}),
    );
  };
  rewatch();
  const onHup = () => void reload();
  if (opts.signals !== false) process.on('SIGHUP', onHup);

  let server: (Server & { url: string }) | undefined;
  if (config.listen) {
    server = await startApiServer(
      {
        engine,
        log,
        notifier,
        reload,
        staleAfterMs: Math.max(3 * config.evaluationIntervalMs, 30_000),
        access,
        prometheus: { query: (q, t) => prom.query(q, t), queryRange: (...a) => prom.queryRange(...a) },
      },
      config.listen.host,
      config.listen.port,
    );
    log.info('listening', { url: server.url });
  }
  engine.start();
  return {
    engine,
    ...(server ? { url: server.url } : {}),
    reload,
    async stop() {
      process.off('SIGHUP', onHup);
      clearTimeout(debounce);
      for (const w of watchers) w.close();
      await engine.stop();
      await notifier.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((r) => server?.close(() => r()));
      }
    },
  };
}
