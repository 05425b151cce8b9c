import type { Alert } from '../../alert.ts';
import { meetsMinSeverity, severityRank } from '../../alert.ts';
import type { NotificationKind, NotifiedAlert, Silence } from '../types.ts';

/** What one receiver integration was last told about one alert (the notification log entry). */
export interface Told {
  readonly severity: string;
  readonly flapping: boolean;
  readonly at: number;
  readonly groupKey: string;
  /** Snapshot, so a resolve can still be rendered after a restart that lost the alert. */
  readonly alert: Alert;
  /**
   * Set when every try to deliver the page was refused (the reason): the alert is not paged
   * again and its resolve is not sent, since nobody saw the page (see delivery/ledger.ts).
   */
  readonly undelivered?: string;
}

/** One alert of a group as the flush sees it. */
export interface FlushItem {
  readonly alert: Alert;
  /** Why it is hidden from receivers at this flush, if it is. */
  readonly hiddenBy?: 'silenced' | 'inhibited';
  /** The silence that hid it at the previous flush and has ended since. */
  readonly unsilenced?: Silence;
}

/** One group at one flush, for one integration: its alerts and what that integration was told. */
export interface PlanInput {
  readonly items: readonly FlushItem[];
  readonly told: ReadonlyMap<string, Told>;
  readonly minSeverity?: string;
  readonly sendResolved: boolean;
  /** When this integration last got a message for this group. */
  readonly lastSentAt?: number;
  readonly repeatIntervalMs: number;
  readonly groupKey: string;
  readonly now: number;
}

/**
 * The notification-log key of an alert on one route: Alertmanager logs per (group, receiver), so
 * a receiver reached by two routes is told (and paged) once per route. The route id is the part
 * of the group key before its `:`.
 */
export function toldKey(groupKey: string, fingerprint: string): string {
  return `${fingerprint}@${groupKey.slice(0, groupKey.indexOf(':'))}`;
}

/** The alert fingerprint of a notification-log key ({@link toldKey}, or a legacy bare fingerprint). */
export function fingerprintOfKey(key: string): string {
  const at = key.indexOf('@');
  return at < 0 ? key : key.slice(0, at);
}

/** What the log says about `fp` in this group; entries written before keys had a route are read too. */
function toldOf(input: PlanInput, fp: string): Told | undefined {
  const own = input.told.get(toldKey(input.groupKey, fp));
  if (own) return own;
  const legacy = input.told.get(fp);
  return legacy?.groupKey === input.groupKey ? legacy : undefined;
}

/** What to send for a group and how the notification log changes if it is sent. */
export interface Plan {
  /** At most one message per kind, in the order they should be read. */
  readonly messages: Array<{ kind: NotificationKind; alerts: NotifiedAlert[] }>;
  /** Notification-log changes by {@link toldKey}: a new Told, or null to forget the alert. */
  readonly updates: Array<[key: string, told: Told | null]>;
  /** Alerts that would have been notified but were held, and why. */
  readonly suppressed: Array<{ alert: Alert; reason: string }>;
}

const ORDER: readonly NotificationKind[] = [
  'escalated',
  'firing',
  'unsilenced',
  'deescalated',
  'flapping',
  'resolved',
  'repeat',
];

/**
 * Decides what one integration must be told about one group, by comparing each alert with what
 * the integration was told before (Alertmanager's dedup stage over its notification log). Being
 * a diff of states rather than a replay of events, it is idempotent: a flush repeated after a
 * crash or a restart sends nothing new, and a change held by a silence or mute window is sent
 * at the first flush that may send it.
 */
export function planFlush(input: PlanInput): Plan {
  const out = new Map<NotificationKind, NotifiedAlert[]>();
  const acc: Accumulator = {
    add(kind, n) {
      const list = out.get(kind) ?? [];
      list.push(n);
      out.set(kind, list);
    },
    tell(a, flapping) {
      if (input.told.get(a.fingerprint)?.groupKey === input.groupKey) acc.updates.push([a.fingerprint, null]);
      acc.updates.push([
        toldKey(input.groupKey, a.fingerprint),
        { severity: a.severity, flapping, at: input.now, groupKey: input.groupKey, alert: a },
      ]);
    },
    updates: [],
    suppressed: [],
    stillFiring: [],
  };
  for (const item of input.items) planItem(item, input, acc);
  const repeatDue = input.lastSentAt !== undefined && input.now - input.lastSentAt >= input.repeatIntervalMs;
  if (out.size === 0 && repeatDue && acc.stillFiring.length) out.set('repeat', acc.stillFiring);
  const messages = ORDER.filter((k) => out.has(k)).map((kind) => ({ kind, alerts: out.get(kind) ?? [] }));
  return { messages, updates: acc.updates, suppressed: acc.suppressed };
}

/** What {@link planItem} adds to: messages by kind, log updates, suppressions, unchanged firing alerts. */
interface Accumulator {
  add(kind: NotificationKind, n: NotifiedAlert): void;
  /** Records that the integration is now told about `a`. */
  tell(a: Alert, flapping: boolean): void;
  readonly updates: Plan['updates'];
  readonly suppressed: Plan['suppressed'];
  /** Firing alerts with nothing new: what a repeat would carry. */
  readonly stillFiring: NotifiedAlert[];
}

/** One alert of the group against what the integration was told about it. */
function planItem(item: FlushItem, input: PlanInput, acc: Accumulator): void {
  const { alert: a } = item;
  const told = toldOf(input, a.fingerprint);
  const firing = a.state === 'firing';
  if (item.hiddenBy === 'silenced' || (item.hiddenBy === 'inhibited' && firing)) {
    if (told || meetsMinSeverity(a.severity, input.minSeverity))
      acc.suppressed.push({ alert: a, reason: item.hiddenBy });
    return;
  }
  const silence = item.unsilenced
    ? { id: item.unsilenced.id, createdBy: item.unsilenced.createdBy, comment: item.unsilenced.comment }
    : undefined;
  if (!firing) {
    // A receiver that never got the alert gets no resolve.
    if (!told) return;
    if (told.undelivered) {
      acc.updates.push([a.fingerprint, null]);
      return;
    }
    if (input.sendResolved) acc.add('resolved', { alert: a, previousSeverity: told.severity, silence });
    if (input.told.get(a.fingerprint) === told) acc.updates.push([a.fingerprint, null]);
    acc.updates.push([toldKey(input.groupKey, a.fingerprint), null]);
    return;
  }
  if (!told) {
    if (!meetsMinSeverity(a.severity, input.minSeverity)) return;
    acc.add('firing', { alert: a, silence });
    acc.tell(a, !!a.flapping);
    return;
  }
  if (told.undelivered) return;
  if (a.flapping) {
    if (!told.flapping) {
      acc.add('flapping', { alert: a, previousSeverity: told.severity });
      acc.tell(a, true);
    } else acc.stillFiring.push({ alert: a });
    return;
  }
  const diff = severityRank(a.severity) - severityRank(told.severity);
  if (diff > 0) acc.add('escalated', { alert: a, previousSeverity: told.severity });
  else if (diff < 0) acc.add('deescalated', { alert: a, previousSeverity: told.severity });
  else if (silence) acc.add('unsilenced', { alert: a, silence });
  else acc.stillFiring.push({ alert: a });
  if (diff !== 0 || told.flapping || told.severity !== a.severity) acc.tell(a, false);
}
