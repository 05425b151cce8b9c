/**
 * Context: raises apply first, then caps (`at_most`). A condition whose query failed makes the
 * alert keep its previous severity, because a failed query says nothing about the context.
 */
import { SEVERITIES } from '../alert.ts';
import type { ContextRule } from '../types.ts';
import { type Assessment, tierIndex } from './severity.ts';

/** One context rule and whether it holds for this alert (`undefined`: its query failed). */
export interface ContextResult {
  readonly rule: ContextRule;
  readonly holds: boolean | undefined;
}

/**
 * Applies context to a breaching or held assessment. `previous` is the alert's severity from the
 * last cycle, if it exists. Pass-through severities (not info/warning/critical) are left alone.
 */
export function applyContext(
  base: Assessment,
  results: readonly ContextResult[],
  previous: string | undefined,
): Assessment {
  if (base.verdict === 'clear' || results.length === 0) return base;
  const failed = results.filter((r) => r.holds === undefined);
  if (failed.length > 0 && previous !== undefined) {
    return {
      ...base,
      severity: previous,
      reasons: [...base.reasons, `kept ${previous}: context query failed (${failed[0]?.rule.reason})`],
    };
  }
  let rank = tierIndex(base.severity);
  if (rank < 0) return base;
  const reasons = [...base.reasons];
  for (const r of results) {
    if (r.holds && r.rule.raise) {
      const next = Math.min(SEVERITIES.length - 1, rank + r.rule.raise);
      if (next !== rank) reasons.push(`raised: ${r.rule.reason}`);
      rank = next;
    }
  }
  for (const r of results) {
    if (r.holds && r.rule.atMost) {
      const cap = tierIndex(r.rule.atMost);
      if (rank > cap) {
        reasons.push(`capped at ${r.rule.atMost}: ${r.rule.reason}`);
        rank = cap;
      }
    }
  }
  for (const r of failed) reasons.push(`ignored: context query failed (${r.rule.reason})`);
  return { ...base, severity: SEVERITIES[rank] as string, reasons };
}

/**
 * Whether a `when` result applies to an alert: some result series agrees with the alert's labels
 * on every label they share (a series without labels applies to every alert).
 */
export function matchesAlert(
  series: ReadonlyArray<{ labels: Record<string, string> }>,
  alertLabels: Readonly<Record<string, string>>,
): boolean {
  return series.some((s) => {
    for (const [k, v] of Object.entries(s.labels)) {
      if (k === '__name__') continue;
      const mine = alertLabels[k];
      if (mine !== undefined && mine !== v) return false;
    }
    return true;
  });
}
