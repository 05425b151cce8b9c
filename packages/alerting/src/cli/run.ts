/**
 * `run`: load the config, restore state, start the engine, the notification pipeline and the HTTP
 * API, and reload on SIGHUP or when the config or a rule file changes. An invalid reload is
 * rejected whole (errors logged) and the old rules keep running.
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join, matchesGlob, sep } from 'node:path';
import { formatIssue } from '@golden-signals/config-issues';
import { envSecret } from '../config/envSecret.ts';
import { type LoadedConfig, loadConfig } from '../config/loadConfig.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { createNotifier, type NotificationRecord, type Notifier } from '../notify/index.ts';
import { type SwappableNotifier, swappableNotifier } from '../notify/swappableNotifier.ts';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client.ts';
import type { Logger } from '../shared/log.ts';
import { probeStateDir, stateWrites } from '../shared/stateWrites.ts';
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
  // Before anything reads or writes state: a read-only or full state_dir is a clear error, not
  // an unhandled EROFS later (stateWrites covers the same faults once running: degraded mode).
  await probeStateDir(config.stateDir);
  stateWrites.track(config.stateDir);
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

/** Who may write over HTTP: anyone on loopback, else the bearer of GOLDEN_SIGNALS_ALERTING_TOKEN (or its _FILE). */
function writeAccess(config: LoadedConfig, opts: RunOptions): WriteAccess {
  const secret = envSecret(opts.env ?? process.env, 'GOLDEN_SIGNALS_ALERTING_TOKEN');
  // A token file that cannot be read must not leave writes open: refuse to start.
  if (secret.error) throw new Error(secret.error);
  const token = secret.value;
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
    const vanished = vanishedGlobs(svc.config, loaded);
    if (vanished.length) {
      for (const e of vanished) log.error('reload rejected: old rules keep running', { issue: e });
      svc.engine.markReload(false);
      return vanished;
    }
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

/**
 * A reload whose rule_files glob now matches nothing, where it matched files before, is refused
 * like an invalid one: a vanished directory or a half-finished deploy must not resolve every
 * alert of those rules. Removing a rule file's glob from the config still removes its rules.
 */
function vanishedGlobs(before: LoadedConfig, after: LoadedConfig): string[] {
  const had = new Map(before.ruleGlobs.map((g) => [g.pattern, g.files.length]));
  return after.ruleGlobs
    .filter((g) => g.files.length === 0 && (had.get(g.pattern) ?? 0) > 0)
    .map(
      (g) =>
        `${after.file}: rule_files: '${g.glob}' matches no file now (it matched ${had.get(g.pattern)} before); ` +
        'keeping the old rules: put the files back, or remove the entry to drop its rules',
    );
}

/**
 * Watches the directories of the files the config is read from (and of each rule_files glob);
 * a change to one of those files reloads after 300 ms of quiet, other files in the same
 * directories (a log redirected beside alerting.yml) do not. A directory that is removed is
 * watched through its nearest existing parent, so putting it back is noticed.
 */
function watchConfig(svc: Service, reload: () => void): { rewatch(): void; close(): void } {
  let watchers: FSWatcher[] = [];
  let debounce: NodeJS.Timeout | undefined;
  const w = {
    rewatch() {
      if (svc.opts.watchFiles === false) return;
      for (const x of watchers) x.close();
      const targets = watchTargets(svc.config);
      // Watch directories: editors replace files by rename, which a file watch would lose.
      const dirs = new Set([...targets.dirs].map(existingAncestor));
      watchers = [...dirs].map((d) =>
        watch(d, (_event, name) => {
          if (name !== null && !concerns(targets, join(d, name.toString()))) return;
          clearTimeout(debounce);
          debounce = setTimeout(() => {
            w.rewatch(); // a directory may have come back: watch it again, then reload
            reload();
          }, 300);
        }).on('error', () => {}),
      );
    },
    close() {
      clearTimeout(debounce);
      for (const x of watchers) x.close();
    },
  };
  return w;
}

/** What the config is read from: exact files, glob patterns, and the directories that hold them. */
interface WatchTargets {
  readonly files: ReadonlySet<string>;
  readonly patterns: readonly string[];
  readonly dirs: ReadonlySet<string>;
}

function watchTargets(config: LoadedConfig): WatchTargets {
  const patterns = config.ruleGlobs.map((g) => g.pattern);
  const dirs = new Set([
    ...config.sourceFiles.map((f) => dirname(f)),
    ...patterns.map((p) => staticPrefix(p)),
  ]);
  return { files: new Set(config.sourceFiles), patterns, dirs };
}

/** Whether a change to `path` may change the config: one of its files, a glob match, or a directory on the way to one. */
function concerns(t: WatchTargets, path: string): boolean {
  if (t.files.has(path) || t.patterns.some((p) => matchesGlob(path, p))) return true;
  const inside = (dir: string) => dir === path || dir.startsWith(`${path}${sep}`);
  return [...t.dirs].some(inside);
}

/** The directory part of a glob before its first wildcard (`/etc/rules/*.yml` -> `/etc/rules`). */
function staticPrefix(pattern: string): string {
  const parts = pattern.split(sep);
  const i = parts.findIndex((p) => /[*?[{]/.test(p));
  return i < 0 ? dirname(pattern) : parts.slice(0, i).join(sep) || sep;
}

/** `dir`, or its nearest parent that exists. */
function existingAncestor(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
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
      externalUrl: (svc.opts.env ?? process.env).GOLDEN_SIGNALS_ALERTING_EXTERNAL_URL?.trim() || undefined,
      prometheus: prom,
    },
    config.listen.host,
    config.listen.port,
  );
  svc.opts.log.info('listening', { url: server.url });
  return server;
}
