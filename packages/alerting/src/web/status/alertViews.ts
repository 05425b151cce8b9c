/**
 * Alerts as the status page lists them: which golden signal each is about, its value and
 * threshold printed in the rule's unit, and whether a silence or an inhibit rule hides it from
 * receivers (a muted alert is still shown, marked, and never colours a card).
 */
import type { Alert } from '../../alert.ts';
import { severityRank } from '../../alert.ts';
import { SIGNALS, type Signal } from './statusQueries.ts';
import { formatValue, unitFromWord, unitOfRule, type ValueUnit } from './units.ts';

/** Why receivers do not hear about an alert (the notifier's Muter reasons). */
export type MuteState = 'silenced' | 'inhibited';

/** An alert as the status page lists it, with the reasons for its severity. */
export interface AlertView {
  readonly fingerprint: string;
  readonly alertname: string;
  readonly service?: string;
  readonly state: string;
  readonly severity: string;
  readonly signal?: Signal;
  readonly summary?: string;
  readonly reasons: readonly string[];
  readonly value: number;
  readonly threshold?: number;
  /** The unit of value and threshold (from the rule's `unit` annotation or its metric names). */
  readonly unit: ValueUnit;
  /** `998 ms (threshold 500 ms)`. */
  readonly valueText: string;
  /** Set when a silence or an inhibit rule hides the alert from every receiver. */
  readonly muted?: MuteState;
  readonly activeAt: number;
  readonly firedAt?: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** The part of a rule the page reads (an engine's AlertingRule fits). */
export interface RuleView {
  readonly name: string;
  readonly expr: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** What {@link alertViews} needs besides the alerts. */
export interface AlertViewOptions {
  readonly rules?: readonly RuleView[];
  readonly mutedBy?: (alert: Alert) => MuteState | undefined;
}

/**
 * Which golden signal an alert is about: its `signal` label when a rule sets one, otherwise a
 * guess from the alert name (HTTPLatencyP99 → latency, MemorySaturation → saturation).
 */
export function signalOf(labels: Readonly<Record<string, string>>): Signal | undefined {
  const explicit = labels.signal as Signal | undefined;
  if (explicit && SIGNALS.includes(explicit)) return explicit;
  const name = (labels.alertname ?? '').toLowerCase();
  if (/saturation|memory|cpu|disk|fds|eventloop|event_loop|queue/.test(name)) return 'saturation';
  if (/latenc|p9\d|p50|duration|slow|apdex/.test(name)) return 'latency';
  if (/error|fail|5xx|availability|burn/.test(name)) return 'errors';
  if (/traffic|requests|rps|throughput|rate/.test(name)) return 'traffic';
  return undefined;
}

/** The unit of an alert: its own `unit` annotation, else its rule's (found by alert name). */
export function unitOfAlert(a: Alert, rules: readonly RuleView[] = []): ValueUnit {
  const own = unitFromWord(a.annotations.unit);
  if (own) return own;
  const rule = rules.find((r) => r.name === a.labels.alertname);
  return rule ? unitOfRule(rule.annotations, rule.expr) : 'number';
}

function view(a: Alert, opts: AlertViewOptions): AlertView {
  const signal = signalOf(a.labels);
  const unit = unitOfAlert(a, opts.rules);
  const muted = opts.mutedBy?.(a);
  const valueText =
    formatValue(a.value, unit) +
    (a.threshold === undefined ? '' : ` (threshold ${formatValue(a.threshold, unit)})`);
  return {
    fingerprint: a.fingerprint,
    alertname: a.labels.alertname ?? '',
    ...(a.labels.service_name ? { service: a.labels.service_name } : {}),
    state: a.state,
    severity: a.severity,
    ...(signal ? { signal } : {}),
    ...(a.annotations.summary ? { summary: a.annotations.summary } : {}),
    reasons: a.reasons,
    value: a.value,
    ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
    unit,
    valueText,
    ...(muted ? { muted } : {}),
    activeAt: a.activeAt,
    ...(a.firedAt !== undefined ? { firedAt: a.firedAt } : {}),
    labels: a.labels,
  };
}

/** Alerts as rows: firing before pending, heard before muted, then critical first, then oldest first. */
export function alertViews(alerts: readonly Alert[], opts: AlertViewOptions = {}): AlertView[] {
  return alerts
    .filter((a) => a.state === 'firing' || a.state === 'pending')
    .map((a) => view(a, opts))
    .sort(
      (x, y) =>
        Number(y.state === 'firing') - Number(x.state === 'firing') ||
        Number(x.muted !== undefined) - Number(y.muted !== undefined) ||
        severityRank(y.severity) - severityRank(x.severity) ||
        x.activeAt - y.activeAt,
    );
}
