/**
 * Severity from the value: which tier the value has passed, and whether a firing alert is still
 * held by the `recover` hysteresis band. Pure; context (raises and caps) is applied afterwards by
 * applyContext.ts.
 */
import { SEVERITIES, type Severity } from '../alert.ts';
import type { Direction, SeveritySpec, Tier } from '../types.ts';
import { formatNumber } from './formatNumber.ts';

/**
 * What the value says about an alert: `breach` (past the lowest tier: pending/firing), `band`
 * (not past the lowest tier but not yet past `recover`: keeps a firing alert firing, never starts
 * one), `clear` (resolve-eligible).
 */
export type Verdict = 'breach' | 'band' | 'clear';

/** Result of assessing one value against a rule's severity spec. */
export interface Assessment {
  readonly verdict: Verdict;
  readonly severity: string;
  readonly threshold?: number;
  readonly reasons: readonly string[];
}

/** Named tier profiles (the seed's excess-ratio forms). */
export const PROFILES = ['error_rate', 'utilization'] as const;
/** One of {@link PROFILES}. */
export type Profile = (typeof PROFILES)[number];

/**
 * Tiers of a profile, quietest first.
 * - `error_rate`: info at the threshold, warning at 2x, critical at 5x (for `below`: /2 and /5).
 * - `utilization` (0..1 ratios): info at the threshold, warning halfway to 1.0, critical at 0.95;
 *   the seed's x1.5 would pass 100%, so past 0.9 critical sits halfway between warning and 1.0.
 */
export function profileTiers(profile: Profile, threshold: number, direction: Direction): Tier[] {
  if (profile === 'error_rate') {
    const f = direction === 'above' ? (x: number) => threshold * x : (x: number) => threshold / x;
    return [
      { severity: 'info', threshold },
      { severity: 'warning', threshold: f(2) },
      { severity: 'critical', threshold: f(5) },
    ];
  }
  const warning = threshold + (1 - threshold) / 2;
  const critical = warning < 0.95 ? 0.95 : warning + (1 - warning) / 2;
  return [
    { severity: 'info', threshold },
    { severity: 'warning', threshold: warning },
    { severity: 'critical', threshold: critical },
  ];
}

function passes(value: number, threshold: number, direction: Direction): boolean {
  return direction === 'above' ? value >= threshold : value <= threshold;
}

/**
 * Assesses `value`. Rules without tiers (their expression already filters, Prometheus-style) breach
 * on every returned series and take `staticSeverity`.
 */
export function assessValue(
  value: number,
  spec: SeveritySpec | undefined,
  staticSeverity: string,
  wasFiring: boolean,
): Assessment {
  if (!spec || spec.tiers.length === 0) {
    return { verdict: 'breach', severity: staticSeverity, reasons: [] };
  }
  if (Number.isNaN(value)) return { verdict: 'clear', severity: staticSeverity, reasons: ['value is NaN'] };
  const op = spec.direction === 'above' ? '>=' : '<=';
  for (let i = spec.tiers.length - 1; i >= 0; i--) {
    const tier = spec.tiers[i] as Tier;
    if (passes(value, tier.threshold, spec.direction)) {
      return {
        verdict: 'breach',
        severity: tier.severity,
        threshold: tier.threshold,
        reasons: [`value ${formatNumber(value)} ${op} ${tier.severity} ${formatNumber(tier.threshold)}`],
      };
    }
  }
  const lowest = spec.tiers[0] as Tier;
  if (wasFiring && spec.recover !== undefined && !passes(value, spec.recover, flip(spec.direction))) {
    const word = spec.direction === 'above' ? 'below' : 'above';
    return {
      verdict: 'band',
      severity: lowest.severity,
      threshold: lowest.threshold,
      reasons: [`held: value ${formatNumber(value)} not yet ${word} recover ${formatNumber(spec.recover)}`],
    };
  }
  return { verdict: 'clear', severity: lowest.severity, reasons: [] };
}

function flip(d: Direction): Direction {
  return d === 'above' ? 'below' : 'above';
}

/**
 * Index of a severity among the tiers (info 0 .. critical 2), or -1 for a pass-through value,
 * which context rules leave alone. Not an ordering: that is `severityRank` in alert.ts.
 */
export function tierIndex(severity: string): number {
  return SEVERITIES.indexOf(severity as Severity);
}
