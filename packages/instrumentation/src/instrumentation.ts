import { isMainThread } from 'node:worker_threads';
import type { ErrorSeverity } from '@golden-signals/conventions';
import { metrics } from '@opentelemetry/api';
import { type ResolvedOptions, resolveOptions } from './envConfig.ts';
import { type OtlpExport, startOtlpExport } from './export/otlpExport.ts';
import { type PrometheusExport, startPrometheusExport } from './export/prometheusExport.ts';
import { subscribeClientSignals } from './http/clientSignals.ts';
import { subscribeHttp2Signals } from './http/http2Signals.ts';
import { subscribeServerSignals } from './http/serverSignals.ts';
import { isInternalThread, isLauncher } from './launcher.ts';
import { createLog, type Log } from './log.ts';
import { RegistryMeterProvider } from './registry/meterProvider.ts';
import { Registry } from './registry/registry.ts';
import { serviceInstanceId } from './serviceInstance.ts';
import { Signals } from './signals.ts';
import type { InstrumentationOptions } from './types.ts';

/** The running instrumentation of this process (one per process). */
export interface Instrumentation {
  readonly options: ResolvedOptions;
  readonly registry: Registry;
  readonly signals: Signals;
  readonly meterProvider: RegistryMeterProvider;
  readonly log: Log;
  /** Resolves with the /metrics URL once listening (undefined when Prometheus export is off or failed). */
  readonly metricsUrl: Promise<string | undefined>;
  /** Applies hooks and options that can change at run time (route and errorSeverity hooks). */
  configure(options: Pick<InstrumentationOptions, 'route' | 'errorSeverity'>): void;
  /** Sends what is recorded (OTLP) and stops listening. */
  shutdown(): Promise<void>;
}

const GLOBAL = Symbol.for('golden-signals.instrumentation');
type GlobalSlot = { [GLOBAL]?: Instrumentation };

/** The instrumentation started in this process, if any. */
export function current(): Instrumentation | undefined {
  return (globalThis as GlobalSlot)[GLOBAL];
}

/**
 * Starts instrumentation once per process; later calls return the running one (a second
 * `--require` or a `start()` after the preload is a no-op). Never throws into the app.
 */
export function start(code: InstrumentationOptions = {}): Instrumentation {
  const running = current();
  if (running) return running;
  const { options, warnings } = resolveOptions(process.env, disabledOverride(code));
  const log = createLog(options.logLevel);
  for (const w of warnings) log.warn(w);
  const registry = createRegistry(options, log);
  const signals = createSignals(registry, options, log);
  const meterProvider = new RegistryMeterProvider(registry, (name, why, meter) =>
    onClash(log, name, why, meter),
  );
  // Before the app's first line (the preload), so instruments it creates at load time are ours:
  // the API hands out no-op meters, for good, to callers that come before a provider.
  const ownsGlobal = options.globalMeterProvider && registerGlobal(meterProvider, log);
  const hooks = { route: options.route };
  const prometheus = options.exporters.includes('prometheus')
    ? startPrometheusExport({ options, registry, signals, log })
    : undefined;
  if (!prometheus)
    log.info(
      `recording metrics of service "${options.serviceName}" (exporters: ${options.exporters.join(', ') || 'none'})`,
    );
  const unsubscribe = subscribeHttp(options, signals, registry, meterProvider, log, prometheus, hooks);
  const otlp = options.exporters.includes('otlp') ? scheduleOtlp(options, registry, log) : undefined;

  const instance: Instrumentation = {
    options,
    registry,
    signals,
    meterProvider,
    log,
    metricsUrl: prometheus?.url ?? Promise.resolve(undefined),
    configure(o) {
      if ('route' in o) hooks.route = o.route;
      if ('errorSeverity' in o) signals.errorSeverityHook = o.errorSeverity;
    },
    async shutdown() {
      for (const u of unsubscribe.splice(0)) u();
      if (ownsGlobal) metrics.disable();
      const o = await otlp?.started();
      await o?.flush().catch(() => {});
      await o?.shutdown().catch(() => {});
      await prometheus?.close();
      delete (globalThis as GlobalSlot)[GLOBAL];
    },
  };
  (globalThis as GlobalSlot)[GLOBAL] = instance;
  return instance;
}

/**
 * GOLDEN_SIGNALS_DISABLED holds for every entry point (preload, trackEvent, configure): the
 * instance still accepts recordings, so callers need no checks, but nothing listens or exports.
 * A launcher (npm, npx, yarn, pnpm, tsx, nodemon...) is treated the same: the app it starts loads
 * the preload from NODE_OPTIONS itself, and is the one that must get the port. So is a thread Node
 * runs for itself (the module-hooks thread of a loader).
 */
function disabledOverride(code: InstrumentationOptions): InstrumentationOptions {
  if (!isTrue(process.env.GOLDEN_SIGNALS_DISABLED) && !isLauncher() && !isInternalThread()) return code;
  return {
    ...code,
    exporters: [],
    httpServer: false,
    httpClient: false,
    hostMetrics: false,
    globalMeterProvider: false,
    logLevel: 'silent',
  };
}

function createRegistry(options: ResolvedOptions, log: Log): Registry {
  return new Registry({
    cardinalityLimit: options.cardinalityLimit,
    onOverflow: (name, limit) =>
      log.once(
        `overflow:${name}`,
        `${name} reached ${limit} series; new attribute sets fold into one overflow series`,
      ),
    onCallbackError: (err) => log.once(`collect:${String(err)}`, `a metrics callback failed: ${String(err)}`),
  });
}

function createSignals(registry: Registry, options: ResolvedOptions, log: Log): Signals {
  return new Signals(
    registry,
    {
      routes: options.routes,
      maxRoutes: options.maxRoutes,
      recentErrors: options.recentErrors,
      severityOverrides: new Map(Object.entries(options.errorSeverities) as Array<[string, ErrorSeverity]>),
      errorSeverity: options.errorSeverity,
    },
    log,
  );
}

/** The HTTP server and client hooks, and host metrics at the first collection. */
function subscribeHttp(
  options: ResolvedOptions,
  signals: Signals,
  registry: Registry,
  meterProvider: RegistryMeterProvider,
  log: Log,
  prometheus: PrometheusExport | undefined,
  hooks: { route: InstrumentationOptions['route'] },
): Array<() => void> {
  const unsubscribe: Array<() => void> = [];
  if (options.httpServer) {
    // Our own metrics server's requests are not the app's traffic.
    const isOwn = (s: unknown) => prometheus?.isOwnServer(s) ?? false;
    unsubscribe.push(subscribeServerSignals(signals, isOwn, () => hooks.route));
  }
  if (options.httpClient) unsubscribe.push(subscribeClientSignals(signals));
  if (options.httpServer || options.httpClient)
    unsubscribe.push(subscribeHttp2Signals(signals, options.httpServer, options.httpClient));
  // Host and process readings are process-wide: a worker thread's would be counted once more per
  // thread in the merged view (threads join the port owner's group like processes). The main
  // thread reports them; a worker thread (the app's, or a tool's such as esbuild's) does not.
  if (options.hostMetrics && isMainThread)
    registry.onFirstCollect(() => startHostMetrics(meterProvider, options.gcPauses, log));
  return unsubscribe;
}

/** OTLP export, loaded after the app has started: the SDK's load time must not delay the first request. */
function scheduleOtlp(options: ResolvedOptions, registry: Registry, log: Log) {
  let otlp: Promise<OtlpExport | undefined> | undefined;
  const load = () => {
    otlp ??= startOtlpExport({
      endpoint: options.otlpEndpoint,
      intervalMillis: options.otlpIntervalMillis,
      resourceAttributes: {
        'service.instance.id': serviceInstanceId(),
        ...options.resourceAttributes,
        'service.name': options.serviceName,
      },
      registry,
      log,
    }).catch((err: unknown) => {
      log.warn(`OTLP export is off: ${String(err)}`);
      return undefined;
    });
    return otlp;
  };
  setTimeout(load, 500).unref();
  installFlushOnExit(() => load().then((o) => o?.flush()), log);
  return { started: () => otlp };
}

/**
 * An app instrument that cannot have its name: one line per name, the app's call goes on. When it
 * is `@opentelemetry/instrumentation-http` of the app's own OpenTelemetry SDK asking for the HTTP
 * duration names, say so plainly: golden-signals records those requests, theirs are dropped, and
 * traffic is counted once.
 */
function onClash(log: Log, name: string, why: string, meter: string): void {
  if (meter.startsWith('@opentelemetry/instrumentation-http'))
    log.once(
      'clash:otel-http',
      `the app's OpenTelemetry SDK records ${name} too (instrumentation-http): golden-signals keeps the global MeterProvider and its own HTTP metrics, and drops that instrument so no request is counted twice; the app's other instruments are served with ours (README: "An app with its own OpenTelemetry SDK")`,
    );
  else
    log.once(
      `clash:${name}`,
      `the app's instrument "${name}" is not exported: ${why}; the app's calls still succeed. Rename it to export it`,
    );
}

/** Makes `metrics.getMeter()` of @opentelemetry/api 1.x return our meter; false if another is set. */
function registerGlobal(meterProvider: RegistryMeterProvider, log: Log): boolean {
  try {
    if (metrics.setGlobalMeterProvider(meterProvider)) return true;
  } catch {
    // The API reports a duplicate through its own diag logger; fall through to our line.
  }
  log.info(
    'not registered as the global OpenTelemetry MeterProvider (another one, or another API version, came first); getMeterProvider() gives instruments exported with the golden signals',
  );
  return false;
}

/** Loads host metrics at the first collection (lazily: the package reads /proc and cgroups). */
async function startHostMetrics(
  meterProvider: RegistryMeterProvider,
  gcPauses: boolean,
  log: Log,
): Promise<void> {
  try {
    const hm = await import('@golden-signals/host-metrics');
    type Start = (mp: RegistryMeterProvider, o: { gcPauses: boolean }) => unknown;
    const start = (hm as { startHostMetrics?: Start }).startHostMetrics;
    if (typeof start === 'function') start(meterProvider, { gcPauses });
  } catch (err) {
    log.once('host-metrics', `host metrics are off: ${String(err)}`);
  }
}

/**
 * Pushes the last OTLP export before the process ends. On SIGTERM/SIGINT the signal's default
 * (exit) is kept: when nobody else listens for it, we flush (at most 2 s) and re-raise it.
 */
function installFlushOnExit(flush: () => Promise<unknown>, log: Log): void {
  let flushed = false;
  process.once('beforeExit', () => {
    if (flushed) return;
    flushed = true;
    flush().catch((err: unknown) => log.warn(`final OTLP flush failed: ${String(err)}`));
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      const othersListen = process.listenerCount(signal) > 0;
      const done = () => {
        if (!othersListen) process.kill(process.pid, signal);
      };
      if (flushed) return done();
      flushed = true;
      const timer = setTimeout(done, 2000);
      flush().finally(() => {
        clearTimeout(timer);
        done();
      });
    };
    process.once(signal, onSignal);
  }
}

function isTrue(v: string | undefined): boolean {
  return ['true', '1', 'yes', 'on'].includes((v ?? '').trim().toLowerCase());
}
