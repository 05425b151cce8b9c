import type { Server } from 'node:http';
import type { ResolvedOptions } from '../envConfig.ts';
import { type DumpedInstrument, dumpInstruments } from '../group/dump.ts';
import { GroupMember } from '../group/groupMember.ts';
import { GroupOwner } from '../group/groupOwner.ts';
import { groupSocketPath } from '../group/wire.ts';
import type { Log } from '../log.ts';
import type { Registry } from '../registry/registry.ts';
import type { Signals } from '../signals.ts';
import { startMetricsServer } from './metricsServer.ts';
import { renderSnapshot } from './snapshot.ts';

/** What start() needs to know of the Prometheus exporter. */
export interface PrometheusExport {
  /** The /metrics URL that serves this process' metrics (its own port, or the group's). */
  readonly url: Promise<string | undefined>;
  isOwnServer(server: unknown): boolean;
  close(): Promise<void>;
}

type Inputs = { options: ResolvedOptions; registry: Registry; signals: Signals; log: Log };

/**
 * Serves the metrics port, shared by every process of the service on this host that runs the
 * preload (cluster workers, PM2 instances, forks, worker threads). The first to bind the port
 * owns it and serves the merge of all; the others join it through the group socket and answer its
 * collections. When the owner dies, the members race for the port and the winner takes over.
 * Port 0 (tests, a port per process) serves this process alone.
 */
export function startPrometheusExport(x: Inputs): PrometheusExport {
  const { options, log } = x;
  let resolveUrl: (url: string | undefined) => void = () => {};
  const url = new Promise<string | undefined>((r) => {
    resolveUrl = r;
  });
  const host = options.prometheusHost.includes(':') ? `[${options.prometheusHost}]` : options.prometheusHost;
  const groupUrl = `http://${host}:${options.prometheusPort}/metrics`;
  const path = groupSocketPath(options.prometheusPort);
  const local = () => x.registry.read(dumpInstruments);
  const state: { server?: Server; owner?: GroupOwner; member?: GroupMember; closed: boolean; tries: number } =
    {
      closed: false,
      tries: 0,
    };

  const own = (heirloom?: DumpedInstrument[]) => {
    const server = serve(x, options.prometheusPort !== 0, async () => {
      if (!state.owner) return x.registry.read((xs) => renderSnapshot(xs, options.serviceName));
      const merged = await state.owner.collect(await local());
      return renderSnapshot(merged.instruments(), options.serviceName);
    });
    state.server = server;
    server.once('listening', () => {
      state.tries = 0;
      if (options.prometheusPort !== 0) state.owner = new GroupOwner(path, log, heirloom);
      const addr = server.address();
      const u = `http://${host}:${typeof addr === 'object' && addr ? addr.port : options.prometheusPort}/metrics`;
      log.info(`serving metrics of service "${options.serviceName}" at ${u}`);
      resolveUrl(u);
    });
    let failed = false;
    server.on('error', (err: NodeJS.ErrnoException) => {
      if (failed || server.listening) return void log.once('serve', `metrics server error: ${String(err)}`);
      failed = true;
      state.server = undefined;
      if (err.code === 'EADDRINUSE' && options.prometheusPort !== 0) return join(heirloom);
      log.once(
        'listen',
        `cannot serve metrics on ${groupUrl} (${err.code ?? err.message}); the app carries on`,
      );
      resolveUrl(undefined);
    });
  };

  const join = (heirloom?: DumpedInstrument[]) => {
    if (state.closed) return;
    state.member = new GroupMember(
      {
        path,
        collect: local,
        onJoined: () => {
          state.tries = 0;
          log.info(`metrics of this process (pid ${process.pid}) are served with the others' at ${groupUrl}`);
          resolveUrl(groupUrl);
        },
        onLost: (kept, joined) => {
          state.member = undefined;
          if (state.closed) return;
          // Not ours yet (the owner still starting, or another program on the port): back off.
          const delay = joined ? 20 + Math.random() * 200 : Math.min(5000, 100 * 2 ** state.tries++);
          if (state.tries === 6)
            log.once('listen', `${groupUrl} is taken by a program that is not golden-signals; retrying`);
          setTimeout(() => own(kept), delay).unref();
        },
      },
      heirloom,
    );
  };

  own();
  return {
    url,
    isOwnServer: (s) => s === state.server,
    close: async () => {
      state.closed = true;
      state.member?.close();
      state.owner?.close();
      const server = state.server;
      await new Promise<void>((r) => (server?.listening ? server.close(() => r()) : r()));
    },
  };
}

function serve(
  x: Inputs,
  exclusive: boolean,
  snapshot: Parameters<typeof startMetricsServer>[0]['snapshot'],
) {
  return startMetricsServer({
    host: x.options.prometheusHost,
    port: x.options.prometheusPort,
    // Exclusive: a cluster worker binds the port itself, instead of sharing the primary's handle
    // (which made PM2 instances answer scrapes in turn, each with its own counts).
    exclusive,
    snapshot,
    recent: x.options.exposeErrors ? x.signals.recent : undefined,
    log: x.log,
    onListening: () => {},
  });
}
