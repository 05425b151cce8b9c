import type { Alert } from '../../alert.ts';
import type { RouteConfig, Silence } from '../types.ts';

/** One aggregation group: the alerts of one route that share the route's `group_by` labels. */
export interface AggregationGroup {
  readonly key: string;
  readonly route: RouteConfig;
  readonly labels: Readonly<Record<string, string>>;
  /** Latest version of each alert in the group (firing, or resolved and not yet told). */
  readonly alerts: Map<string, Alert>;
  /** Silences that hid each alert at the last flush: their end earns a notice. */
  readonly silencedBy: Map<string, Silence>;
  /**
   * What was last recorded as held back, by `target|fingerprint` (`state:reason`): a held alert
   * is recorded once per state, not at every group_interval (the status page's list stays readable).
   */
  readonly noted: Map<string, string>;
  /** When the group is next looked at, in monotonic ms (Clock.monotonic), immune to wall-clock steps. */
  nextFlushAt: number;
  flushed: boolean;
  /** When a message for this group last went out (monotonic ms). */
  lastSentAt?: number;
}

/**
 * Aggregation groups and their flush schedule, as in Alertmanager: a new group waits
 * `group_wait` so alerts firing together arrive in one message; after its first flush it is
 * looked at every `group_interval`. Pure bookkeeping: the caller owns the clock and the sending.
 */
export class GroupStage {
  readonly #groups = new Map<string, AggregationGroup>();
  readonly #mono: () => number;

  /** `monotonic` times group_wait and group_interval (Clock.monotonic). */
  constructor(monotonic: () => number) {
    this.#mono = monotonic;
  }

  /** Adds or updates `alert` in its group, creating the group (and its group_wait) if needed. */
  upsert(
    route: RouteConfig,
    key: string,
    labels: Readonly<Record<string, string>>,
    alert: Alert,
  ): AggregationGroup {
    let g = this.#groups.get(key);
    if (!g) {
      g = {
        key,
        route,
        labels,
        alerts: new Map(),
        silencedBy: new Map(),
        noted: new Map(),
        nextFlushAt: this.#mono() + route.groupWaitMs,
        flushed: false,
      };
      this.#groups.set(key, g);
    }
    const prev = g.alerts.get(alert.fingerprint);
    g.alerts.set(alert.fingerprint, alert);
    if (g.flushed && changed(prev, alert)) this.#soon(g);
    return g;
  }

  /**
   * A change in a flushed group is looked at as soon as group_interval allows: group_interval
   * after the group's last message (Alertmanager's meaning), not at the next tick of a timer
   * started at the first flush, which made a resolve wait up to one more group_interval.
   */
  #soon(g: AggregationGroup): void {
    const at = Math.max(this.#mono(), (g.lastSentAt ?? Number.NEGATIVE_INFINITY) + g.route.groupIntervalMs);
    if (at < g.nextFlushAt) g.nextFlushAt = at;
  }

  /** A message for `g` went out at this flush. */
  sent(g: AggregationGroup): void {
    g.lastSentAt = this.#mono();
  }

  get(key: string): AggregationGroup | undefined {
    return this.#groups.get(key);
  }

  all(): AggregationGroup[] {
    return [...this.#groups.values()];
  }

  /** Groups whose flush time has come. */
  due(): AggregationGroup[] {
    const now = this.#mono();
    return this.all().filter((g) => g.nextFlushAt <= now);
  }

  /** Brings a group's next look forward to now (a silence ended over it). */
  wake(key: string): void {
    const g = this.#groups.get(key);
    const now = this.#mono();
    if (g?.flushed && g.nextFlushAt > now) g.nextFlushAt = now;
  }

  /**
   * Records a flush: schedules the next look one group_interval later and drops resolved alerts
   * that no longer need anything (`keep` says which must stay, e.g. a told alert still silenced).
   * A group left empty is removed.
   */
  flushed(g: AggregationGroup, keep: (a: Alert) => boolean): void {
    g.flushed = true;
    g.nextFlushAt = this.#mono() + g.route.groupIntervalMs;
    for (const [fp, a] of g.alerts) {
      if (a.state !== 'firing' && !keep(a)) {
        g.alerts.delete(fp);
        g.silencedBy.delete(fp);
        for (const k of g.noted.keys()) if (k.endsWith(`|${fp}`)) g.noted.delete(k);
      }
    }
    if (g.alerts.size === 0) this.#groups.delete(g.key);
  }

  /** The earliest flush time of any group (monotonic ms). */
  nextFlush(): number | undefined {
    let next: number | undefined;
    for (const g of this.#groups.values())
      if (next === undefined || g.nextFlushAt < next) next = g.nextFlushAt;
    return next;
  }
}

/** Whether `next` is news for the group: a new alert, or a change of state, severity or flapping. */
function changed(prev: Alert | undefined, next: Alert): boolean {
  return (
    !prev ||
    prev.state !== next.state ||
    prev.severity !== next.severity ||
    !!prev.flapping !== !!next.flapping
  );
}
