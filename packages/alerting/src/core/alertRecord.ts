/**
 * What the engine remembers about one alert between cycles (and across restarts, in state_dir).
 * Converted to the public {@link Alert} for the notification pipeline and the API.
 */
import type { Alert } from '../alert.ts';

/**
 * The engine's record of one alert: the public {@link Alert} fields (all times epoch ms) plus
 * what the state machine needs between cycles.
 */
export interface AlertRecord extends Omit<Alert, 'state' | 'flapping'> {
  /** Key of the rule that produced it (see AlertingRule.key). */
  readonly ruleKey: string;
  readonly state: 'pending' | 'firing' | 'resolved';
  /** Last evaluation at which the value breached. */
  readonly lastBreachAt: number;
  /**
   * When the alert became active on the engine's steady timeline (see RuleInput.steady): `for`
   * counts from here, not from the wall-clock `activeAt`, so a clock step neither delays nor
   * hastens a page. Absent in state files written before it existed (then `activeAt` is used).
   */
  readonly pendingSince?: number;
  /**
   * The first evaluation at which a firing alert was clear, on the steady timeline
   * (keep_firing_for counts from here, as Prometheus' KeepFiringSince does); unset while it breaches.
   */
  readonly keepFiringSince?: number;
  /** Steady-timeline times of recent flips (into firing or into resolved), for flap damping. */
  readonly flips: readonly number[];
  readonly flapping: boolean;
}

/** The public view of a record. */
export function toAlert(r: AlertRecord): Alert {
  const a: { -readonly [K in keyof Alert]: Alert[K] } = {
    fingerprint: r.fingerprint,
    labels: r.labels,
    annotations: r.annotations,
    state: r.state,
    severity: r.severity,
    reasons: r.reasons,
    value: r.value,
    activeAt: r.activeAt,
  };
  if (r.threshold !== undefined) a.threshold = r.threshold;
  if (r.firedAt !== undefined) a.firedAt = r.firedAt;
  if (r.resolvedAt !== undefined) a.resolvedAt = r.resolvedAt;
  if (r.flapping) a.flapping = true;
  if (r.generatorURL !== undefined) a.generatorURL = r.generatorURL;
  return a;
}
