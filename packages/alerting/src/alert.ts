/**
 * The contract between the engine (evaluation, state) and the notification pipeline.
 * The engine emits {@link AlertEvent}s; the pipeline routes, groups and delivers them.
 */

/** Severity tiers, quietest first. Other static `labels.severity` values pass through for routing. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/**
 * Rank of a severity for ordering, gating and escalation: info 0, warning 1, critical 2. Values
 * outside the tiers (a rule's own `severity: page`) rank as warning: loud enough to reach a
 * receiver gated at warning (so `min_severity` never drops them), never louder than critical.
 * The engine, the notifier and the status page all order alerts by this one function.
 */
export function severityRank(severity: string | undefined): number {
  const i = (SEVERITIES as readonly string[]).indexOf(severity ?? '');
  return i < 0 ? 1 : i;
}

/** True when `severity` reaches a receiver's `min_severity` (no minimum: always). */
export function meetsMinSeverity(severity: string, min: string | undefined): boolean {
  return min === undefined || severityRank(severity) >= severityRank(min);
}

/** Where an alert is: `pending` waits out `for`, `firing` notifies, `resolved` is kept a while for history. */
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/** Label set of an alert. Identity is these labels without `severity`. */
export type Labels = Readonly<Record<string, string>>;

/** One alert as the engine knows it. All times are epoch milliseconds. */
export interface Alert {
  /** Stable identity: hash of the labels without `severity` (see engine). */
  readonly fingerprint: string;
  /** Labels including `alertname`, the rule's labels, and the current `severity`. */
  readonly labels: Labels;
  /** Annotations rendered with the current value (summary, description, runbook_url, dashboard_url...). */
  readonly annotations: Labels;
  readonly state: AlertState;
  /** Current severity (also in labels.severity). */
  readonly severity: string;
  /** Why the severity is what it is: "value 0.12 >= critical 0.10", "capped: outside business hours". */
  readonly reasons: readonly string[];
  /** Last evaluated value of the expression. */
  readonly value: number;
  /** The threshold of the current tier, when the rule has tiers. */
  readonly threshold?: number;
  /** When the condition first held (start of pending); kept across restarts. */
  readonly activeAt: number;
  /** When it became firing, if it did. */
  readonly firedAt?: number;
  /** When it resolved, if it did. */
  readonly resolvedAt?: number;
  /** Marked when the alert flips too often; notified once until it settles. */
  readonly flapping?: boolean;
  /** Link back to the source (Prometheus graph URL of the expression). */
  readonly generatorURL?: string;
}

/** What changed. The pipeline notifies on these, never on plain re-evaluations. */
export type AlertEventKind = 'firing' | 'escalated' | 'deescalated' | 'resolved' | 'flapping';

/** One change of one alert, as the engine hands it to the notification pipeline. */
export interface AlertEvent {
  readonly kind: AlertEventKind;
  readonly alert: Alert;
  /** Severity before an escalation or de-escalation. */
  readonly previousSeverity?: string;
  /** Epoch ms of the evaluation that produced the event. */
  readonly at: number;
}

/** Anything that accepts alert events: the notification pipeline implements this. */
export interface AlertSink {
  /** Called once per evaluation cycle with every event of the cycle, and the full set of active alerts. */
  handle(events: readonly AlertEvent[], active: readonly Alert[]): Promise<void>;
}
