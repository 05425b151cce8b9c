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
 * The default hysteresis of the tiers above the lowest, as a fraction of the gap down to the
 * next quieter tier: critical at 0.2 over warning at 0.05 de-escalates below 0.17. A value that
 * hovers at a tier's threshold (0.1985 against 0.2) then stays at that tier instead of flapping.
 */
export const DEFAULT_HYSTERESIS = 0.2;

/** The point past which an alert leaves tier `i` of `tiers` downwards, `hysteresis` of the way to tier i-1. */
export function defaultRecover(
  tiers: readonly Tier[],
  i: number,
  hysteresis = DEFAULT_HYSTERESIS,
): number | undefined {
  const hi = tiers[i];
  const lo = tiers[i - 1];
  if (!hi || !lo || hysteresis <= 0) return undefined;
  return hi.threshold - hysteresis * (hi.threshold - lo.threshold);
}

function breach(value: number, tier: Tier, op: string): Assessment {
  return {
    verdict: 'breach',
    severity: tier.severity,
    threshold: tier.threshold,
    reasons: [`value ${formatNumber(value)} ${op} ${tier.severity} ${formatNumber(tier.threshold)}`],
  };
}

/**
 * The tier an alert is held at by hysteresis: the loudest tier between its previous one and the
 * one the value passes now whose recover point the value has not yet passed.
 */
function heldTier(value: number, spec: SeveritySpec, from: number, to: number): Tier | undefined {
  for (let i = from; i > to && i >= 1; i--) {
    const t = spec.tiers[i] as Tier;
    if (t.recover !== undefined && !passes(value, t.recover, flip(spec.direction))) return t;
  }
  return undefined;
}

/**
 * Assesses `value`. Rules without tiers (their expression already filters, Prometheus-style) breach
 * on every returned series and take `staticSeverity`. `previousThreshold` is the threshold of the
 * tier the live alert was at (its record's), from which hysteresis holds it.
 */
export function assessValue(
  value: number,
  spec: SeveritySpec | undefined,
  staticSeverity: string,
  wasFiring: boolean,
  previousThreshold?: number,
): Assessment {
  if (!spec || spec.tiers.length === 0) {
    return { verdict: 'breach', severity: staticSeverity, reasons: [] };
  }
  if (Number.isNaN(value)) return { verdict: 'clear', severity: staticSeverity, reasons: ['value is NaN'] };
  const op = spec.direction === 'above' ? '>=' : '<=';
  let now = spec.tiers.length - 1;
  while (now >= 0 && !passes(value, (spec.tiers[now] as Tier).threshold, spec.direction)) now--;
  const previous =
    previousThreshold === undefined ? -1 : spec.tiers.findIndex((t) => t.threshold === previousThreshold);
  const held = heldTier(value, spec, previous, now);
  if (held) {
    const word = spec.direction === 'above' ? 'below' : 'above';
    return {
      verdict: 'breach',
      severity: held.severity,
      threshold: held.threshold,
      reasons: [
        `held at ${held.severity}: value ${formatNumber(value)} not yet ${word} ${formatNumber(held.recover as number)}`,
      ],
    };
  }
  if (now >= 0) return breach(value, spec.tiers[now] as Tier, op);
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
