import { NOTIFY_SUPPRESSED } from '@golden-signals/conventions';
import type { Alert, AlertEvent } from '../alert.ts';
import { meetsMinSeverity } from '../alert.ts';
import type { Clock } from '../shared/clock.ts';
import { contextSnapshot, type QueryFn } from './contextSnapshot.ts';
import type { NotifyMetrics } from './notifyMetrics.ts';
import type { PipelineTargets, Target } from './pipelineTargets.ts';
import { type FlushItem, planFlush, type Told } from './stages/dedupStage.ts';
import type { AggregationGroup } from './stages/groupStage.ts';
import { GroupStage } from './stages/groupStage.ts';
import { isInhibited } from './stages/inhibitStage.ts';
import { isMuted } from './stages/muteStage.ts';
import { groupKey, groupLabels, matchRoutes } from './stages/routeStage.ts';
import type { NotificationLog } from './stores/notificationLog.ts';
import type { Outbox } from './stores/outbox.ts';
import type { SilenceStore } from './stores/silenceStore.ts';
import type {
  ContextSnapshot,
  Notification,
  NotificationKind,
  NotificationRecord,
  NotifiedAlert,
  NotifyConfig,
  NotifyLogger,
  RouteConfig,
} from './types.ts';

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
 * The I/O shell around the pure stages: feeds each cycle's alerts into their groups, flushes
 * groups when due (on its own timer, between evaluation cycles), and turns plans into outbox
 * entries. All work is serialised, so a flush never sees half an update.
 */
export class FlushRunner {
  readonly #o: FlushRunnerOptions;
  readonly #groups = new GroupStage();
  readonly #routes = new Map<string, RouteConfig>();
  #firing: Alert[] = [];
  #lock: Promise<void> = Promise.resolve();
  #wake: AbortController | undefined;
  #closed = false;

  constructor(o: FlushRunnerOptions) {
    this.#o = o;
    const index = (r: RouteConfig) => {
      this.#routes.set(r.id, r);
      r.routes.forEach(index);
    };
    index(o.config.route);
  }

  handle(events: readonly AlertEvent[], active: readonly Alert[]): Promise<void> {
    return this.#serial(() => this.#handle(events, active));
  }

  /** A silence was added or expired: look at every group again now. */
  silencesChanged(): void {
    void this.#serial(async () => {
      const now = this.#o.clock.now();
      for (const g of this.#groups.all()) this.#groups.wake(g.key, now);
      await this.#flushDue();
    });
  }

  /** Resolves when no handle or flush is running or queued. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.#lock) {
      seen = this.#lock;
      await seen;
    }
  }

  close(): void {
    this.#closed = true;
    this.#wake?.abort();
  }

  #serial(fn: () => Promise<void>): Promise<void> {
    const run = this.#lock.then(fn).catch((err: Error) => {
      this.#o.log.error('notification pipeline step failed', { error: err.message });
    });
    this.#lock = run;
    return run;
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
        this.#groups.upsert(route, groupKey(route, labels), labels, a, now);
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
      for (const [fp, told] of this.#o.nflog.told(target)) {
        if (seen.has(fp) || this.#groups.get(told.groupKey)?.alerts.has(fp)) continue;
        const route = this.#routes.get(told.groupKey.slice(0, told.groupKey.indexOf(':')));
        if (!route) {
          this.#o.nflog.told(target).delete(fp);
          continue;
        }
        const labels = groupLabels(route, told.alert.labels);
        this.#groups.upsert(route, told.groupKey, labels, gone(told.alert), now);
      }
    }
  }

  #hidden(a: Alert, now: number): 'silenced' | 'inhibited' | undefined {
    if (this.#o.silences.matching(a.labels, now).length) return 'silenced';
    if (a.state === 'firing' && isInhibited(a, this.#firing, this.#o.config.inhibitRules)) return 'inhibited';
    return undefined;
  }

  async #alertmanagers(resolved: readonly Alert[], now: number): Promise<void> {
    for (const t of this.#o.targets.byKey.values()) {
      if (!t.alertmanager) continue;
      const visible = this.#firing.filter(
        (a) =>
          matchRoutes(this.#o.config.route, a.labels).some((r) => r.receiver === t.receiver) &&
          meetsMinSeverity(a.severity, t.settings.minSeverity) &&
          !this.#hidden(a, now),
      );
      const alerts = t.alertmanager.plan(this.#o.nflog.posted(t.key), visible, resolved, now);
      if (!alerts.length) continue;
      const kind = alerts.every((a) => a.alert.state !== 'firing') ? 'resolved' : 'firing';
      await this.#enqueue(t, kind, alerts, 'alertmanager', {}, [], now);
    }
  }

  async #flushDue(): Promise<void> {
    if (this.#closed) return;
    const now = this.#o.clock.now();
    for (const g of this.#groups.due(now)) await this.#flush(g, now);
    await this.#o.nflog.save();
    this.#schedule();
  }

  async #flush(g: AggregationGroup, now: number): Promise<void> {
    const targets = (this.#o.targets.byReceiver.get(g.route.receiver) ?? []).filter((t) => !t.alertmanager);
    if (isMuted(g.route, this.#o.config.timeIntervals, now)) {
      for (const t of targets) this.#o.metrics.inc(NOTIFY_SUPPRESSED, [t.receiver, 'muted'], g.alerts.size);
      this.#groups.flushed(g, now, () => true);
      return;
    }
    const items: FlushItem[] = [];
    const newlySilenced = new Set<string>();
    for (const [fp, a] of g.alerts) {
      const silence = this.#o.silences.matching(a.labels, now)[0];
      const hiddenBy = this.#hidden(a, now);
      const was = g.silencedBy.get(fp);
      if (silence && !was) newlySilenced.add(fp);
      if (silence) g.silencedBy.set(fp, silence);
      else g.silencedBy.delete(fp);
      items.push({ alert: a, hiddenBy, unsilenced: !hiddenBy ? was : undefined });
    }
    const contexts = new Map<string, Promise<ContextSnapshot>>();
    for (const t of targets) {
      const plan = planFlush({
        items,
        told: this.#o.nflog.told(t.key),
        minSeverity: t.settings.minSeverity,
        sendResolved: t.settings.sendResolved,
        lastSentAt: this.#o.nflog.lastSent(t.key, g.key),
        repeatIntervalMs: g.route.repeatIntervalMs,
        groupKey: g.key,
        now,
      });
      for (const s of plan.suppressed) {
        // Count a silence once per alert (and its resolve), not at every group_interval look.
        if (s.reason === 'silenced' && !newlySilenced.has(s.alert.fingerprint) && s.alert.state === 'firing')
          continue;
        this.#o.metrics.inc(NOTIFY_SUPPRESSED, [t.receiver, s.reason]);
        this.#o.record(suppressedRecord(t, s.alert, s.reason, now));
      }
      // Applied before anything is queued: a delivered entry saves the log before it leaves the
      // outbox (see Outbox), and the log must already say what that entry told.
      this.#o.nflog.apply(t.key, plan.updates);
      let first = true;
      for (const m of plan.messages) {
        const alerts = m.kind === 'firing' ? await this.#withContext(m.alerts, contexts) : m.alerts;
        // The log changes ride on the first message, so replaying the outbox after a crash restores them.
        await this.#enqueue(t, m.kind, alerts, g.key, g.labels, first ? plan.updates : [], now);
        first = false;
      }
      if (plan.messages.length) this.#o.nflog.setLastSent(t.key, g.key, now);
      else if (this.#o.nflog.lastSent(t.key, g.key) === undefined && plan.updates.length) {
        this.#o.nflog.setLastSent(t.key, g.key, now);
      }
    }
    // A told alert that resolved under a silence stays until the silence ends and the resolve can go out.
    const told = (fp: string) => targets.some((t) => this.#o.nflog.told(t.key).has(fp));
    this.#groups.flushed(g, now, (a) => g.silencedBy.has(a.fingerprint) && told(a.fingerprint));
  }

  async #withContext(
    alerts: NotifiedAlert[],
    cache: Map<string, Promise<ContextSnapshot>>,
  ): Promise<NotifiedAlert[]> {
    return Promise.all(
      alerts.map(async (na) => {
        const service = na.alert.labels.service_name;
        if (!service) return na;
        let p = cache.get(service);
        if (!p) {
          p = contextSnapshot(this.#o.query, service);
          cache.set(service, p);
        }
        return { ...na, context: await p };
      }),
    );
  }

  async #enqueue(
    t: Target,
    kind: NotificationKind,
    alerts: NotifiedAlert[],
    key: string,
    labels: Readonly<Record<string, string>>,
    updates: ReadonlyArray<readonly [string, Told | null]>,
    now: number,
  ): Promise<void> {
    const id = this.#o.outbox.nextId(now);
    const notification: Notification = {
      id,
      kind,
      receiver: t.receiver,
      groupKey: key,
      groupLabels: labels,
      alerts,
      createdAt: now,
    };
    const entry = { id, target: t.key, notification, updates };
    try {
      await this.#o.outbox.put(entry);
    } catch (err) {
      // Still try to send: a full disk must not also silence the page.
      this.#o.log.error('could not write the outbox; sending without durability', {
        error: (err as Error).message,
      });
    }
    t.queue.push(entry);
  }

  #schedule(): void {
    this.#wake?.abort();
    if (this.#closed) return;
    const now = this.#o.clock.now();
    const times = [this.#groups.nextFlush(), this.#o.silences.nextChange(now)].filter(
      (x): x is number => x !== undefined,
    );
    if (!times.length) return;
    const at = Math.min(...times);
    const wake = new AbortController();
    this.#wake = wake;
    this.#o.clock.sleep(Math.max(0, at - now), wake.signal).then(
      () => {
        if (this.#wake !== wake) return;
        const t = this.#o.clock.now();
        // A silence that ended is a reason to look at every group holding silenced alerts.
        for (const g of this.#groups.all()) if (g.silencedBy.size) this.#groups.wake(g.key, t);
        void this.#serial(() => this.#flushDue());
      },
      () => {},
    );
  }
}

function suppressedRecord(t: Target, a: Alert, reason: string, at: number): NotificationRecord {
  return {
    at,
    receiver: t.receiver,
    integration: t.integration.kind,
    kind: a.state === 'firing' ? 'firing' : 'resolved',
    alertnames: [a.labels.alertname ?? ''],
    alertCount: 1,
    status: 'suppressed',
    reason,
  };
}
