/**
 * A group's `limit`, as Prometheus' AlertingRule.Eval applies it: when one evaluation leaves more
 * active (pending or firing) alerts than the limit, the evaluation fails with
 * `exceeded limit of N with M alerts` and the rule forgets all its alerts. Prometheus then stops
 * sending them and Alertmanager resolves them; here the firing ones resolve at once, saying why.
 */
import type { AlertEvent } from '../alert.ts';
import { type AlertRecord, toAlert } from './alertRecord.ts';
import type { RuleOutput } from './evaluateRule.ts';

/** The output after the limit: unchanged, or emptied with resolve events and the error. */
export function applyRuleLimit(
  limit: number | undefined,
  previous: readonly AlertRecord[],
  out: RuleOutput,
  now: number,
): RuleOutput & { error?: string } {
  if (!limit) return out;
  let active = 0;
  for (const r of out.records) if (r.state !== 'resolved') active++;
  if (active <= limit) return out;
  const error = `exceeded limit of ${limit} with ${active} alerts`;
  const events: AlertEvent[] = [];
  for (const r of previous) {
    if (r.state !== 'firing') continue;
    const resolved: AlertRecord = {
      ...r,
      state: 'resolved',
      resolvedAt: now,
      reasons: [`resolved: ${error}`],
    };
    events.push({ kind: 'resolved', alert: toAlert(resolved), at: now });
  }
  return { records: [], events, error };
}
