import type { Alert, AlertEvent, AlertSink } from '../alert.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { stateWrites } from '../shared/stateWrites.ts';
import type { QueryFn } from './contextSnapshot.ts';
import { deliveryFailed, deliverySent } from './delivery/ledger.ts';
import { FlushRunner } from './flush/flushRunner.ts';
import type { MuteReason } from './mute.ts';
import { NotifyMetrics } from './notifyMetrics.ts';
import { buildTargets, type PipelineTargets } from './pipelineTargets.ts';
import { NotificationLog } from './stores/notificationLog.ts';
import { Outbox, type OutboxEntry } from './stores/outbox.ts';
import { type SilenceAccess, SilenceStore } from './stores/silenceStore.ts';
import type { NotificationRecord, NotifyConfig, NotifyLogger, RouteConfig, Silence } from './types.ts';

/** Re-exported for callers that build a notifier. */
export type { QueryFn } from './contextSnapshot.ts';

/** How many notification records a pipeline keeps for the status page. */
export const RECENT_RECORDS = 500;

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  readonly config: NotifyConfig;
  /** Directory for the outbox, silences and notification log. */
  readonly stateDir: string;
  /** Instant query against Prometheus, for the context snapshot at fire time. */
  readonly query: QueryFn;
  readonly log: NotifyLogger;
  /** Wall clock (epoch ms); tests pass a fake one. Ignored when `clock` is given. */
  readonly now?: () => number;
  /** Clock with timers, for tests that drive group_wait, retries and rate limits by hand. */
  readonly clock?: Clock;
  /** Bearer token the silences API requires when the server is not on loopback. */
  readonly token?: string;
  readonly listenIsLoopback?: boolean;
  /** Jitter source for retry backoff (tests make it deterministic). */
  readonly random?: () => number;
  /** Notification records to start from, newest first (a reload carries the old pipeline's). */
  readonly recent?: readonly NotificationRecord[];
}

/** The notification pipeline as the engine and HTTP server see it. */
export interface Notifier extends AlertSink {
  /** Stops timers and in-flight sends; undelivered notifications stay in the outbox. */
  close(): Promise<void>;
  /**
   * What the silences API (web/silencesApi.ts) needs: the store once loaded, the clock, who may
   * write, and the hook that re-flushes groups after a change. The pipeline knows no HTTP.
   */
  silenceAccess(): Promise<SilenceAccess>;
  /** Prometheus text exposition of the notification counters. */
  metrics(): string;
  /** The latest notification records, newest first (status page). */
  recent(limit: number): NotificationRecord[];
  /** Silences, newest first, including ended ones for a few days. */
  silences(): Silence[];
  /** Whether a silence or an inhibit rule hides `alert` from every receiver now (status page). */
  mutedBy(alert: Alert): MuteReason | undefined;
  /** Resolves when every queued notification was delivered or given up (tests, shutdown). */
  drained(): Promise<void>;
  /** Resolves when no cycle or flush is being processed (deliveries may still be in flight). */
  idle(): Promise<void>;
}

/**
 * Creates the notification pipeline: route -> group, then at each flush the stages of pipeline.ts
 * (time intervals, silences and inhibition, dedup/repeat, notify) -> durable outbox ->
 * rate-limited send with retry. State (silences, notification
 * log, outbox) lives in `stateDir` and survives kill -9. Loading it is asynchronous; `handle`
 * waits for it, so the engine may call `handle` right away.
 */
export function createNotifier(opts: NotifierOptions): Notifier {
  const clock: Clock =
    opts.clock ??
    (opts.now ? { now: opts.now, monotonic: systemClock.monotonic, sleep: systemClock.sleep } : systemClock);
  const log = opts.log;
  const metrics = new NotifyMetrics();
  stateWrites.track(opts.stateDir);
  const silences = new SilenceStore(opts.stateDir, log);
  const nflog = new NotificationLog(opts.stateDir, log, {
    maxAgeMs: 2 * longestRepeat(opts.config.route),
    now: () => clock.now(),
  });
  const outbox = new Outbox(opts.stateDir, log, () => nflog.save());
  const { records, record } = recentRecords(opts.recent);
  const parts = { config: opts.config, clock, log, outbox, metrics, record };
  const ledger = {
    sent: (e: OutboxEntry) => deliverySent(nflog, e),
    failed: (e: OutboxEntry, reason: string) => deliveryFailed(nflog, e, reason),
  };
  const targets: PipelineTargets = buildTargets({ ...parts, random: opts.random, ledger });
  const runner = new FlushRunner({ ...parts, query: opts.query, silences, nflog, targets });
  if (opts.config.receivers.length === 0) log.info('no receivers configured: alerts will not be notified');

  const ready = restore(silences, nflog, outbox, targets, log);

  return {
    async handle(events: readonly AlertEvent[], active: readonly Alert[]) {
      await ready;
      await runner.handle(events, active);
    },
    async close() {
      await ready.catch(() => {});
      runner.close();
      await Promise.all([...targets.byKey.values()].map((t) => t.queue.close()));
    },
    async silenceAccess() {
      await ready;
      return {
        store: silences,
        now: () => clock.now(),
        ...(opts.token ? { token: opts.token } : {}),
        loopback: opts.listenIsLoopback ?? true,
        changed: () => runner.silencesChanged(),
      };
    },
    metrics: () => metrics.text(),
    recent: (limit) => records.slice(-Math.max(0, limit)).reverse(),
    silences: () => silences.list(clock.now()),
    mutedBy: (alert) => runner.mutedBy(alert),
    async idle() {
      await ready;
      await runner.idle();
    },
    async drained() {
      await ready;
      await runner.idle();
      await Promise.all([...targets.byKey.values()].map((t) => t.queue.drained()));
    },
  };
}

/** The last {@link RECENT_RECORDS} notification records, oldest first, starting from `recent` (newest first). */
function recentRecords(recent: readonly NotificationRecord[] | undefined) {
  const records: NotificationRecord[] = [...(recent ?? [])].reverse().slice(-RECENT_RECORDS);
  const record = (r: NotificationRecord) => {
    records.push(r);
    if (records.length > RECENT_RECORDS) records.splice(0, records.length - RECENT_RECORDS);
  };
  return { records, record };
}

/**
 * Loads silences, the notification log and the outbox; outbox entries left by the previous run
 * are queued again (their log changes replayed first), entries of removed receivers dropped.
 */
async function restore(
  silences: SilenceStore,
  nflog: NotificationLog,
  outbox: Outbox,
  targets: PipelineTargets,
  log: NotifyLogger,
): Promise<void> {
  await silences.load();
  await nflog.load();
  const left = await outbox.load();
  for (const e of left) {
    const t = targets.byKey.get(e.target);
    // Replay the log changes the entry stands for: the crash may have come before nflog.json was written.
    nflog.apply(e.target, e.updates);
    if (!t) {
      log.warn('outbox entry for a receiver that is no longer configured; dropped', { target: e.target });
      await outbox.remove(e);
      continue;
    }
    t.queue.push(e);
  }
  if (left.length)
    log.info('resending notifications left in the outbox by the previous run', { count: left.length });
  await nflog.save().catch((err: Error) =>
    log.error('cannot write the notification log (state_dir full or read-only?); running degraded', {
      error: err.message,
    }),
  );
}

/** The longest repeat interval anywhere in the route tree. */
function longestRepeat(route: RouteConfig): number {
  return Math.max(route.repeatIntervalMs, ...route.routes.map(longestRepeat));
}
