import { SEVERITIES } from '../alert.ts';

/**
 * Rank of a severity for gating and escalation: info 0, warning 1, critical 2. Values outside the
 * tiers (a rule's own `severity: page`) rank as warning: loud enough to reach a receiver gated at
 * warning, never louder than critical.
 */
export function severityRank(severity: string | undefined): number {
  const i = (SEVERITIES as readonly string[]).indexOf(severity ?? '');
  return i < 0 ? 1 : i;
}

/** True when `severity` reaches the receiver's `min_severity` (no minimum: always). */
export function meetsMinSeverity(severity: string, min: string | undefined): boolean {
  return min === undefined || severityRank(severity) >= severityRank(min);
}
