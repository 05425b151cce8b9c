/**
 * The notification pipeline, as a list. Alerts reach a group through the route stage (at each
 * evaluation cycle, in flush/flushRunner.ts); when the group is due its flush runs these stages
 * in order, like Alertmanager's pipeline built in notify/notify.go:
 *
 *   timeInterval -> mute (silences, inhibition) -> fanout per integration(dedup -> notify) -> settle
 */
import { NOTIFY_SUPPRESSED } from '@golden-signals/conventions';
import type { Alert } from '../alert.ts';
import { contextSnapshot, type QueryFn } from './contextSnapshot.ts';
import { enqueue } from './flush/enqueue.ts';
import { type Muter, mutedBy } from './mute.ts';
import type { NotifyMetrics } from './notifyMetrics.ts';
import type { Target } from './pipelineTargets.ts';
import { type Flush, fanout, type Stage, type TargetFlush } from './stage.ts';
import { fingerprintOfKey, type Plan, planFlush, toldKey } from './stages/dedupStage.ts';
import type { GroupStage } from './stages/groupStage.ts';
import { isMuted } from './stages/timeIntervalStage.ts';
import type { NotificationLog } from './stores/notificationLog.ts';
import type { Outbox } from './stores/outbox.ts';
import type { SilenceStore } from './stores/silenceStore.ts';
import type {
  ContextSnapshot,
  NotificationRecord,
  NotifiedAlert,
  NotifyConfig,
  NotifyLogger,
} from './types.ts';

/** What the stages read and write. */
export interface PipelineDeps {
  readonly config: NotifyConfig;
  readonly log: NotifyLogger;
  readonly query: QueryFn;
  readonly groups: GroupStage;
  readonly silences: SilenceStore;
  /** Silences first, then inhibition: an alert both silenced and inhibited counts as silenced. */
  readonly muters: readonly Muter[];
  readonly nflog: NotificationLog;
  readonly outbox: Outbox;
  readonly metrics: NotifyMetrics;
  readonly record: (r: NotificationRecord) => void;
}

/** The stages of a group flush, in order. */
export function flushStages(d: PipelineDeps): Stage<Flush>[] {
  return [timeIntervalStage(d), muteStage(d), fanout([dedupStage(d), notifyStage(d)]), settleStage(d)];
}

/** Holds the whole group inside a mute window or outside its active windows (nothing is dropped). */
function timeIntervalStage(d: PipelineDeps): Stage<Flush> {
  return {
    name: 'timeInterval',
    async exec({ group: g, now, targets }) {
      if (!isMuted(g.route, d.config.timeIntervals, now)) return true;
      for (const t of targets) d.metrics.inc(NOTIFY_SUPPRESSED, [t.receiver, 'muted'], g.alerts.size);
      d.groups.flushed(g, () => true);
      return false;
    },
  };
}

/** Marks each alert hidden by a muter, and remembers which silence hid it (for `unsilenced`). */
function muteStage(d: PipelineDeps): Stage<Flush> {
  return {
    name: 'mute',
    async exec(flush) {
      const { group: g, now } = flush;
      for (const [fp, a] of g.alerts) {
        const silence = d.silences.matching(a.labels, now)[0];
        const hiddenBy = mutedBy(d.muters, a, now);
        const was = g.silencedBy.get(fp);
        if (silence && !was) flush.newlySilenced.add(fp);
        if (silence) g.silencedBy.set(fp, silence);
        else g.silencedBy.delete(fp);
        flush.items.push({ alert: a, hiddenBy, unsilenced: !hiddenBy ? was : undefined });
      }
      return true;
    },
  };
}

/** Plans what this integration must be told (a diff against the notification log) and applies it. */
function dedupStage(d: PipelineDeps): Stage<TargetFlush> {
  return {
    name: 'dedup',
    async exec(tf) {
      const { flush, target: t } = tf;
      const { group: g, now } = flush;
      const plan = planFlush({
        items: flush.items,
        told: d.nflog.told(t.key),
        minSeverity: t.settings.minSeverity,
        sendResolved: t.settings.sendResolved,
        lastSentAt: d.nflog.lastSent(t.key, g.key),
        repeatIntervalMs: g.route.repeatIntervalMs,
        groupKey: g.key,
        now,
      });
      const held = new Set(plan.suppressed.map((s) => s.alert.fingerprint));
      for (const item of flush.items) {
        // Visible again: a later hold is news and is recorded again.
        if (!held.has(item.alert.fingerprint)) g.noted.delete(`${t.key}|${item.alert.fingerprint}`);
      }
      for (const s of plan.suppressed) {
        // Once per alert, state and reason (a silence, then the resolve it holds), not at every look.
        const key = `${t.key}|${s.alert.fingerprint}`;
        const what = `${s.alert.state}:${s.reason}`;
        if (g.noted.get(key) === what && !flush.newlySilenced.has(s.alert.fingerprint)) continue;
        g.noted.set(key, what);
        d.metrics.inc(NOTIFY_SUPPRESSED, [t.receiver, s.reason]);
        d.record(suppressedRecord(t, s.alert, s.reason, now));
      }
      // Applied before anything is queued: a delivered entry saves the log before it leaves the
      // outbox (see Outbox), and the log must already say what that entry told.
      const told = d.nflog.told(t.key);
      tf.before = new Map(plan.updates.map(([fp]) => [fp, told.get(fp) ?? null]));
      d.nflog.apply(t.key, plan.updates);
      tf.plan = plan;
      return true;
    },
  };
}

/** Queues the planned messages (firing ones with their context snapshot) and notes the send time. */
function notifyStage(d: PipelineDeps): Stage<TargetFlush> {
  return {
    name: 'notify',
    async exec({ flush, target: t, plan, before }) {
      if (!plan) return true;
      const { group: g, now } = flush;
      let first = true;
      for (const m of plan.messages) {
        const alerts = m.kind === 'firing' ? await withContext(d.query, m.alerts, flush.contexts) : m.alerts;
        // Each message carries the log changes of its own alerts, so a refusal takes back only
        // those (delivery/ledger.ts); changes of no message ride on the first one. Replaying the
        // outbox after a crash restores them all.
        const updates = messageUpdates(plan, m.alerts, first);
        const undo = updates.map(([fp]) => [fp, before?.get(fp) ?? null] as const);
        await enqueue(
          { target: t, kind: m.kind, alerts, groupKey: g.key, groupLabels: g.labels, updates, undo, now },
          d.outbox,
          d.log,
        );
        first = false;
      }
      if (plan.messages.length) {
        d.nflog.setLastSent(t.key, g.key, now);
        d.groups.sent(g);
      } else if (d.nflog.lastSent(t.key, g.key) === undefined && plan.updates.length)
        d.nflog.setLastSent(t.key, g.key, now);
      return true;
    },
  };
}

/** Ends the flush: resolved alerts leave the group, except a told one still under a silence. */
function settleStage(d: PipelineDeps): Stage<Flush> {
  return {
    name: 'settle',
    async exec({ group: g, targets }) {
      // A told alert that resolved under a silence stays until the silence ends and the resolve can go out.
      const told = (fp: string) => targets.some((t) => d.nflog.told(t.key).has(toldKey(g.key, fp)));
      d.groups.flushed(g, (a) => g.silencedBy.has(a.fingerprint) && told(a.fingerprint));
      return true;
    },
  };
}

/** The plan's log updates for `alerts`, plus (on the first message) those of no message. */
function messageUpdates(plan: Plan, alerts: readonly NotifiedAlert[], first: boolean): Plan['updates'] {
  const mine = new Set(alerts.map((na) => na.alert.fingerprint));
  const inSome = new Set(plan.messages.flatMap((m) => m.alerts.map((na) => na.alert.fingerprint)));
  return plan.updates.filter(([key]) => {
    const fp = fingerprintOfKey(key);
    return mine.has(fp) || (first && !inSome.has(fp));
  });
}

async function withContext(
  query: QueryFn,
  alerts: NotifiedAlert[],
  cache: Map<string, Promise<ContextSnapshot>>,
): Promise<NotifiedAlert[]> {
  return Promise.all(
    alerts.map(async (na) => {
      const service = na.alert.labels.service_name;
      if (!service) return na;
      let p = cache.get(service);
      if (!p) {
        p = contextSnapshot(query, service);
        cache.set(service, p);
      }
      return { ...na, context: await p };
    }),
  );
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
