import type { Alert, AlertEvent } from '../../alert.ts';
import { meetsMinSeverity } from '../../alert.ts';
import type { Clock } from '../../shared/clock.ts';
import type { QueryFn } from '../contextSnapshot.ts';
import { inhibitMuter, type MuteReason, type Muter, mutedBy, silenceMuter } from '../mute.ts';
import type { NotifyMetrics } from '../notifyMetrics.ts';
import { flushStages } from '../pipeline.ts';
import type { PipelineTargets } from '../pipelineTargets.ts';
import { type Flush, runStages, type Stage } from '../stage.ts';
import { type AggregationGroup, GroupStage } from '../stages/groupStage.ts';
import { groupKey, groupLabels, matchRoutes } from '../stages/routeStage.ts';
import type { NotificationLog } from '../stores/notificationLog.ts';
import type { Outbox } from '../stores/outbox.ts';
import type { SilenceStore } from '../stores/silenceStore.ts';
import type { NotificationRecord, NotifyConfig, NotifyLogger, RouteConfig } from '../types.ts';
import { enqueue } from './enqueue.ts';
import { FlushScheduler } from './scheduler.ts';

/** The pipeline parts a {@link FlushRunner} drives: config, state stores, targets and metrics. */
export interface FlushRunnerOptions {
  readonly config: NotifyConfig;
  readonly clock: Clock;
  readonly log: NotifyLogger;
  readonly query: QueryFn;
  readonly silences: SilenceStore;
  readonly nflog: NotificationLog;
  readonly outbox: Outbox;
  readonly targets: PipelineTargets;
  readonly metrics: NotifyMetrics;
  readonly record: (r: NotificationRecord) => void;
}

/**
 * Feeds each cycle's alerts into their groups (the route stage), flushes due groups through the
 * stages of pipeline.ts, and posts to Alertmanager targets. Its {@link FlushScheduler} serialises
 * every step and wakes it between evaluation cycles.
 */
export class FlushRunner {
  readonly #o: FlushRunnerOptions;
  readonly #groups: GroupStage;
  readonly #routes = new Map<string, RouteConfig>();
  readonly #muters: readonly Muter[];
  readonly #stages: readonly Stage<Flush>[];
  readonly #scheduler: FlushScheduler;
  #firing: Alert[] = [];
  #saveFailing = false;

  constructor(o: FlushRunnerOptions) {
    this.#o = o;
    this.#groups = new GroupStage(() => o.clock.monotonic());
    const index = (r: RouteConfig) => {
      this.#routes.set(r.id, r);
      r.routes.forEach(index);
    };
    index(o.config.route);
    this.#muters = [silenceMuter(o.silences), inhibitMuter(o.config.inhibitRules, () => this.#firing)];
    this.#stages = flushStages({ ...o, groups: this.#groups, muters: this.#muters });
    this.#scheduler = new FlushScheduler(o.clock, o.log, {
      // Group times are monotonic; silences start and end at wall-clock instants.
      nextDelays: () => {
        const nextFlush = this.#groups.nextFlush();
        const now = o.clock.now();
        const silence = o.silences.nextChange(now);
        return [
          nextFlush === undefined ? undefined : nextFlush - o.clock.monotonic(),
          silence === undefined ? undefined : silence - now,
        ];
      },
      // A silence that ended is a reason to look at every group holding silenced alerts.
      woke: () => {
        for (const g of this.#groups.all()) if (g.silencedBy.size) this.#groups.wake(g.key);
      },
      flush: () => this.#flushDue(),
    });
  }

  /** Takes one cycle's events and active alerts (serialised with every other step). */
  handle(events: readonly AlertEvent[], active: readonly Alert[]): Promise<void> {
    return this.#scheduler.serial(() => this.#handle(events, active));
  }

  /** What hides `alert` from receivers now (silences first), judged against the last cycle's firing alerts. */
  mutedBy(alert: Alert): MuteReason | undefined {
    return mutedBy(this.#muters, alert, this.#o.clock.now());
  }

  /** A silence was added or expired: look at every group again now. */
  silencesChanged(): void {
    void this.#scheduler.serial(async () => {
      for (const g of this.#groups.all()) this.#groups.wake(g.key);
      await this.#flushDue();
    });
  }

  /** Resolves when no handle or flush is running or queued. */
  idle(): Promise<void> {
    return this.#scheduler.idle();
  }

  /** Stops the timer. */
  close(): void {
    this.#scheduler.close();
  }

  async #handle(events: readonly AlertEvent[], active: readonly Alert[]): Promise<void> {
    const now = this.#o.clock.now();
    this.#firing = active.filter((a) => a.state === 'firing');
    const current = new Map(this.#firing.map((a) => [a.fingerprint, a]));
    const resolved: Alert[] = [];
    for (const e of events) {
      if (e.kind === 'resolved' && !current.has(e.alert.fingerprint)) resolved.push(e.alert);
    }
    for (const a of [...this.#firing, ...resolved]) {
      for (const route of matchRoutes(this.#o.config.route, a.labels)) {
        const labels = groupLabels(route, a.labels);
        this.#groups.upsert(route, groupKey(route, labels), labels, a);
      }
    }
    const seen = new Set([...current.keys(), ...resolved.map((a) => a.fingerprint)]);
    this.#resolveVanished(seen, now);
    await this.#alertmanagers(resolved, now);
    await this.#flushDue();
  }

  /**
   * An alert that stopped being active without a resolve event (engine restart, rule removed)
   * is resolved here, so nobody is left with a page that never ends: both alerts still in a
   * group and alerts only the notification log remembers (told before a restart).
   */
  #resolveVanished(seen: Set<string>, now: number): void {
    const gone = (a: Alert): Alert => ({ ...a, state: 'resolved', resolvedAt: now });
    for (const g of this.#groups.all()) {
      for (const [fp, a] of g.alerts) if (a.state === 'firing' && !seen.has(fp)) g.alerts.set(fp, gone(a));
    }
    for (const target of this.#o.nflog.targets()) {
      for (const [key, told] of this.#o.nflog.told(target)) {
        const fp = told.alert.fingerprint;
        if (seen.has(fp) || this.#groups.get(told.groupKey)?.alerts.has(fp)) continue;
        const route = this.#routes.get(told.groupKey.slice(0, told.groupKey.indexOf(':')));
        if (!route) {
          this.#o.nflog.told(target).delete(key);
          continue;
        }
        const labels = groupLabels(route, told.alert.labels);
        this.#groups.upsert(route, told.groupKey, labels, gone(told.alert));
      }
    }
  }

  /** Alertmanager targets get the visible firing alerts and the resolves, not grouped messages. */
  async #alertmanagers(resolved: readonly Alert[], now: number): Promise<void> {
    for (const t of this.#o.targets.byKey.values()) {
      if (!t.alertmanager) continue;
      const visible = this.#firing.filter(
        (a) =>
          matchRoutes(this.#o.config.route, a.labels).some((r) => r.receiver === t.receiver) &&
          meetsMinSeverity(a.severity, t.settings.minSeverity) &&
          !mutedBy(this.#muters, a, now),
      );
      const alerts = t.alertmanager.plan(this.#o.nflog.posted(t.key), visible, resolved, now);
      if (!alerts.length) continue;
      const kind = alerts.every((a) => a.alert.state !== 'firing') ? 'resolved' : 'firing';
      const n = {
        target: t,
        kind,
        alerts,
        groupKey: 'alertmanager',
        groupLabels: {},
        updates: [],
        now,
      } as const;
      await enqueue(n, this.#o.outbox, this.#o.log);
    }
  }

  async #flushDue(): Promise<void> {
    if (this.#scheduler.closed) return;
    const now = this.#o.clock.now();
    try {
      for (const g of this.#groups.due()) await this.#flush(g, now);
      await this.#saveLog();
    } finally {
      // Always re-armed: a failed step must not leave the groups without their next flush.
      this.#scheduler.schedule();
    }
  }

  /** Saves the notification log; a full or read-only disk is logged once per streak, not thrown. */
  async #saveLog(): Promise<void> {
    try {
      await this.#o.nflog.save();
      this.#saveFailing = false;
    } catch (err) {
      if (!this.#saveFailing)
        this.#o.log.error('cannot write the notification log; notifications go on without durability', {
          error: (err as Error).message,
        });
      this.#saveFailing = true;
    }
  }

  /** One group through the stages, for the receiver's integrations. */
  async #flush(group: AggregationGroup, now: number): Promise<void> {
    const targets = (this.#o.targets.byReceiver.get(group.route.receiver) ?? []).filter(
      (t) => !t.alertmanager,
    );
    const flush: Flush = { group, now, targets, items: [], newlySilenced: new Set(), contexts: new Map() };
    await runStages(this.#stages, flush);
  }
}
