/**
 * The threshold lines of a status-page chart: the severity tiers of the alerting rules about the
 * chart's signal whose values are in the chart's unit (an Apdex rule, a ratio, is about latency
 * but draws nothing on the seconds chart).
 */
import type { SeveritySpec } from '../../types.ts';
import { signalOf } from './alertViews.ts';
import type { ChartSpec } from './statusQueries.ts';
import { formatValue, unitOfRule, type ValueUnit } from './units.ts';

/** The part of a rule the charts read (an engine's AlertingRule fits). */
export interface ChartRule {
  readonly name: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly severity?: SeveritySpec;
}

/** One horizontal line: a tier of a rule. */
export interface ThresholdLine {
  readonly value: number;
  readonly severity: string;
  /** The legend's words: `critical ≥ 20.0 %`. */
  readonly label: string;
  /** The rule whose tier it is. */
  readonly rule: string;
}

/** At most this many lines per chart: more would hide the data. */
const MAX_LINES = 6;

const CHART_UNIT: Readonly<Record<ChartSpec['unit'], ValueUnit>> = {
  rps: 'number',
  ratio: 'ratio',
  seconds: 'seconds',
};

/** The lines of `spec`'s chart, quietest first, one per distinct severity and value. */
export function thresholdLines(spec: ChartSpec, rules: readonly ChartRule[]): ThresholdLine[] {
  const unit = CHART_UNIT[spec.unit];
  const seen = new Set<string>();
  const out: ThresholdLine[] = [];
  for (const r of rules) {
    if (!r.severity?.tiers.length) continue;
    if (signalOf({ ...r.labels, alertname: r.name }) !== spec.signal) continue;
    if (unitOfRule(r.annotations, r.expr) !== unit) continue;
    for (const t of r.severity.tiers) {
      const key = `${t.severity}:${t.threshold}`;
      if (seen.has(key) || out.length >= MAX_LINES) continue;
      seen.add(key);
      const op = r.severity.direction === 'above' ? '≥' : '≤';
      out.push({
        value: t.threshold,
        severity: t.severity,
        label: `${t.severity} ${op} ${formatValue(t.threshold, unit)}`,
        rule: r.name,
      });
    }
  }
  return out;
}
