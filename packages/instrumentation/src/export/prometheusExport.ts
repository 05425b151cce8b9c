import type { Server } from 'node:http';
import type { ResolvedOptions } from '../envConfig.ts';
import { dumpInstruments } from '../group/dump.ts';
import { Estate } from '../group/estate.ts';
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
  const share = new PortShare(x);
  share.own();
  return {
    url: share.url,
    isOwnServer: (s) => s === share.server,
    close: () => share.close(),
  };
}

/** One process' part in a shared metrics port: owner or member, and the move between the two. */
class PortShare {
  readonly url: Promise<string | undefined>;
  server?: Server;
  private resolveUrl: (url: string | undefined) => void = () => {};
  private owner?: GroupOwner;
  private member?: GroupMember;
  private closed = false;
  private tries = 0;
  /** What this process keeps for the port's next owner while it is a member (maybe itself). */
  private readonly estate: Estate;
  private readonly x: Inputs;
  private readonly host: string;
  private readonly groupUrl: string;
  private readonly path: string;
  private readonly shared: boolean;

  constructor(x: Inputs) {
    this.x = x;
    const o = x.options;
    this.url = new Promise((r) => {
      this.resolveUrl = r;
    });
    this.host = o.prometheusHost.includes(':') ? `[${o.prometheusHost}]` : o.prometheusHost;
    this.groupUrl = `http://${this.host}:${o.prometheusPort}/metrics`;
    this.path = groupSocketPath(o.prometheusPort);
    this.shared = o.prometheusPort !== 0;
    this.estate = new Estate(this.path);
  }

  private readonly local = () => this.x.registry.read(dumpInstruments);

  /** Tries to bind the port: the owner from then on, or a member when it is taken. */
  own(): void {
    const { options, log, registry } = this.x;
    const server = serve(this.x, this.shared, async () => {
      if (!this.owner || this.owner.alone)
        return registry.read((xs) => renderSnapshot(xs, options.serviceName));
      const merged = await this.owner.collect(await this.local());
      return renderSnapshot(merged.instruments(), options.serviceName);
    });
    this.server = server;
    server.once('listening', () => {
      this.tries = 0;
      if (this.shared) this.owner = new GroupOwner(this.path, log, this.estate.take());
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : options.prometheusPort;
      const u = `http://${this.host}:${port}/metrics`;
      log.info(`serving metrics of service "${options.serviceName}" at ${u}`);
      this.resolveUrl(u);
    });
    let failed = false;
    server.on('error', (err: NodeJS.ErrnoException) => {
      if (failed || server.listening) return void log.once('serve', `metrics server error: ${String(err)}`);
      failed = true;
      this.server = undefined;
      if (err.code === 'EADDRINUSE' && this.shared) return this.join();
      log.once(
        'listen',
        `cannot serve metrics on ${this.groupUrl} (${err.code ?? err.message}); the app carries on`,
      );
      this.resolveUrl(undefined);
    });
  }

  /** Joins the owner of the port; when it goes away, tries for the port again. */
  private join(): void {
    if (this.closed) return;
    const { log } = this.x;
    const onJoined = () => {
      this.tries = 0;
      log.info(
        `metrics of this process (pid ${process.pid}) are served with the others' at ${this.groupUrl}`,
      );
      this.resolveUrl(this.groupUrl);
    };
    const onLost = (joined: boolean) => {
      this.member = undefined;
      if (this.closed) return;
      // The owner is gone: try for the port at once (a new owner waits for us before it answers).
      // Not ours yet (the owner still starting, or another program on the port): back off.
      const delay = joined ? Math.random() * 20 : Math.min(5000, 100 * 2 ** this.tries++);
      if (this.tries === 6)
        log.once('listen', `${this.groupUrl} is taken by a program that is not golden-signals; retrying`);
      setTimeout(() => this.own(), delay).unref();
    };
    this.member = new GroupMember({ path: this.path, collect: this.local, onJoined, onLost }, this.estate);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.member?.close();
    this.owner?.close();
    this.estate.close();
    const server = this.server;
    await new Promise<void>((r) => (server?.listening ? server.close(() => r()) : r()));
  }
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
