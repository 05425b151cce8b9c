/**
 * Names owned by the alerting engine: its own metrics (served on its /metrics), the meta-alert it
 * raises when Prometheus cannot be queried, and the SLO recording rules it generates
 * (`level:metric:operations`, Prometheus' recording-rule naming).
 */

/** The engine's own Prometheus metrics. */
export const ALERTING_METRICS = {
  /** Counter: rule evaluations, by rule group. */
  ruleEvaluations: 'golden_signals_alerting_rule_evaluations_total',
  /** Counter: failed rule evaluations, by rule group and `reason` (a QueryErrorKind). */
  ruleEvaluationFailures: 'golden_signals_alerting_rule_evaluation_failures_total',
  /** Histogram (seconds): wall time of one evaluation cycle, queries included. */
  cycleDuration: 'golden_signals_alerting_cycle_duration_seconds',
  /** Gauge: engine work per cycle excluding queries (seconds). */
  cycleEngineSeconds: 'golden_signals_alerting_cycle_engine_seconds',
  /** Gauge: alerts by `state` (pending, firing) and `severity`. */
  alerts: 'golden_signals_alerting_alerts',
  /** Counter: alert events emitted, by `kind` (firing, escalated, deescalated, resolved, flapping). */
  events: 'golden_signals_alerting_events_total',
  /** Gauge: alerting rules loaded. */
  rulesLoaded: 'golden_signals_alerting_rules_loaded',
  /** Gauge: 1 when the last config reload succeeded. */
  configReloadSuccess: 'golden_signals_alerting_config_last_reload_successful',
  /** Gauge: 1 when the last cycle could query the data source. */
  datasourceUp: 'golden_signals_alerting_datasource_up',
  /** Counter: state files found corrupt and set aside. */
  stateCorrupt: 'golden_signals_alerting_state_corrupt_total',
  /** Gauge: wall time of the last evaluation cycle (as Prometheus' rule_group_last_duration_seconds). */
  cycleLastDuration: 'golden_signals_alerting_cycle_last_duration_seconds',
  /** Gauge: the evaluation interval cycles should keep (as Prometheus' rule_group_interval_seconds). */
  cycleInterval: 'golden_signals_alerting_cycle_interval_seconds',
  /** Counter: evaluations missed because a cycle overran its interval (as rule_group_iterations_missed_total). */
  cycleIterationsMissed: 'golden_signals_alerting_cycle_iterations_missed_total',
} as const;

/** Buckets of the cycle-duration histogram, in seconds (the budget is 2 s for 1,000 rules). */
export const ALERTING_CYCLE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] as const;

/** Alert name of the meta-alert raised when queries keep failing past the grace period. */
export const DATASOURCE_DOWN_ALERT = 'AlertingDataSourceDown';

/** Alert name of the multi-window multi-burn-rate alert generated for each SLO. */
export const SLO_BURN_ALERT = 'SLOErrorBudgetBurn';

/** Label naming the SLO on generated series and alerts. */
export const SLO_LABEL = 'slo';

/** Windows the SLO recording rules are generated for (the burn-rate alerts read these). */
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** Name of the recording rule holding an SLO's error ratio over `window` (e.g. `slo:sli_error:ratio_rate5m`). */
export function sloErrorRatioRule(window: (typeof SLO_WINDOWS)[number]): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** Name of the recording rule holding an SLO's objective as an error budget ratio (1 - objective). */
export const SLO_ERROR_BUDGET_RULE = 'slo:error_budget:ratio';
