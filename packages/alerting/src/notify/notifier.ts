import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Alert, AlertEvent, AlertSink } from '../alert.ts';
import type { NotificationRecord, NotifyConfig, NotifyLogger, Silence } from './types.ts';

/** Result rows of an instant query, as the engine's Prometheus client returns them. */
export type QueryFn = (promql: string) => Promise<Array<{ labels: Record<string, string>; value: number }>>;

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  readonly config: NotifyConfig;
  /** Directory for the outbox, silences and notification log. */
  readonly stateDir: string;
  /** Instant query against Prometheus, for the context snapshot at fire time. */
  readonly query: QueryFn;
  readonly log: NotifyLogger;
  readonly now?: () => number;
  /** Bearer token the silences API requires when the server is not on loopback. */
  readonly token?: string;
  readonly listenIsLoopback?: boolean;
}

/** The notification pipeline as the engine and HTTP server see it. */
export interface Notifier extends AlertSink {
  close(): Promise<void>;
  /** Serves /api/v1/silences; returns false for paths it does not own. */
  handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Prometheus text exposition of the notification counters. */
  metrics(): string;
  recent(limit: number): NotificationRecord[];
  silences(): Silence[];
}

/** Creates the notification pipeline (placeholder: accepts events and notifies nobody yet). */
export function createNotifier(opts: NotifierOptions): Notifier {
  if (opts.config.receivers.length === 0)
    opts.log.info('no receivers configured: alerts will not be notified');
  return {
    async handle(_events: readonly AlertEvent[], _active: readonly Alert[]) {},
    async close() {},
    async handleHttp() {
      return false;
    },
    metrics: () => '',
    recent: () => [],
    silences: () => [],
  };
}
