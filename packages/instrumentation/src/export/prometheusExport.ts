import type { Server } from 'node:http';
import type { ResolvedOptions } from '../envConfig.ts';
import type { Log } from '../log.ts';
import type { Registry } from '../registry/registry.ts';
import type { Signals } from '../signals.ts';
import { startMetricsServer } from './metricsServer.ts';
import { renderSnapshot } from './snapshot.ts';

/** What start() needs to know of the Prometheus exporter. */
export interface PrometheusExport {
  /** The /metrics URL once served by this process; undefined when another process serves it. */
  readonly url: Promise<string | undefined>;
  isOwnServer(server: unknown): boolean;
  close(): Promise<void>;
}

/** Serves this process' registry on the configured port. */
export function startPrometheusExport(x: {
  options: ResolvedOptions;
  registry: Registry;
  signals: Signals;
  log: Log;
}): PrometheusExport {
  const { options, registry, signals, log } = x;
  let resolveUrl: (url: string | undefined) => void = () => {};
  const url = new Promise<string | undefined>((r) => {
    resolveUrl = r;
  });
  const server: Server = startMetricsServer({
    host: options.prometheusHost,
    port: options.prometheusPort,
    snapshot: () => registry.read((instruments) => renderSnapshot(instruments, options.serviceName)),
    recent: options.exposeErrors ? signals.recent : undefined,
    log,
    onListening: (u) => {
      log.info(`serving metrics of service "${options.serviceName}" at ${u}`);
      resolveUrl(u);
    },
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    log.once(
      'listen',
      `cannot serve metrics on ${options.prometheusHost}:${options.prometheusPort} (${err.code ?? err.message}); the app carries on without /metrics`,
    );
    resolveUrl(undefined);
  });
  return {
    url,
    isOwnServer: (s) => s === server,
    close: () => new Promise<void>((r) => (server.listening ? server.close(() => r()) : r())),
  };
}
