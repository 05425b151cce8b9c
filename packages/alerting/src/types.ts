/**
 * Public types of the alerting engine: loaded rules (Prometheus alerting rules plus the `severity:`
 * extension) and the engine config. Parsed from YAML by rules/loadRules.ts and config/loadConfig.ts.
 */
import type { Severity } from './alert.ts';

/** Which way is bad: `above` (error rate too high) or `below` (conversion rate too low). */
export type Direction = 'above' | 'below';

/** One severity tier: the value that must be passed to reach it. */
export interface Tier {
  readonly severity: Severity;
  readonly threshold: number;
  /**
   * Hysteresis of a tier above the lowest: an alert at this tier leaves it (de-escalates) only once
   * the value is past this point, on the quiet side of the threshold. The lowest tier's point is
   * {@link SeveritySpec.recover}.
   */
  readonly recover?: number;
}

/** A day-of-week and hours window in a time zone (`outside`/`inside` context conditions). */
export interface TimeWindow {
  /** Seven booleans, Sunday first, true for the days the window covers. */
  readonly days: readonly boolean[];
  /** Minutes after midnight, start inclusive, end exclusive; end < start crosses midnight. */
  readonly startMinute: number;
  readonly endMinute: number;
  /** IANA time zone, e.g. `Asia/Seoul`. */
  readonly timezone: string;
  /** Source text for reasons, e.g. `mon-fri 09:00-18:00 Asia/Seoul`. */
  readonly text: string;
}

/** One `context:` entry: a condition and what it does to the severity. */
export interface ContextRule {
  /** PromQL condition (holds when the result is non-empty for the alert). */
  readonly when?: string;
  /** Holds when the evaluation time is outside this window. */
  readonly outside?: TimeWindow;
  /** Holds when the evaluation time is inside this window. */
  readonly inside?: TimeWindow;
  /** Levels to add while the condition holds (raises apply first). */
  readonly raise?: number;
  /** Cap while the condition holds. */
  readonly atMost?: Severity;
  /** Human words for reasons ("revenue flowing"); defaults to the condition text. */
  readonly reason: string;
}

/** The `severity:` extension of an alerting rule. */
export interface SeveritySpec {
  /** Tiers, quietest first; empty when the rule's static `labels.severity` is used instead. */
  readonly tiers: readonly Tier[];
  readonly direction: Direction;
  /**
   * Hysteresis of the lowest tier: once firing, the alert resolves only when the value passes this.
   * Higher tiers carry their own point ({@link Tier.recover}): one band per tier.
   */
  readonly recover?: number;
  readonly context: readonly ContextRule[];
}

/** One alerting rule as the engine runs it. */
export interface AlertingRule {
  /** Stable key across reloads: `group/alertname#n` (n counts same-named rules in the group). */
  readonly key: string;
  readonly name: string;
  readonly group: string;
  readonly file: string;
  /** 1-based line of the rule in its file (for errors and the rules API). */
  readonly line: number;
  readonly expr: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  /** Static labels (templates allowed in values, rendered per alert). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly severity?: SeveritySpec;
  /** The group's interval in ms, when it differs from the global evaluation interval. */
  readonly intervalMs?: number;
  /** The group's `limit`: more alerts than this from one evaluation fail the rule (0: no limit). */
  readonly limit?: number;
  /** The group's `query_offset` in ms: queries ask for the data this long ago (Prometheus 3.x). */
  readonly queryOffsetMs?: number;
}

/** Flap damping: more than `maxFlips` state flips within `windowMs` marks an alert flapping. */
export interface FlapOptions {
  readonly windowMs: number;
  readonly maxFlips: number;
}
