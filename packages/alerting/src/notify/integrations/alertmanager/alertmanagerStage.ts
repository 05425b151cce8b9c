import type { Alert } from '../../../alert.ts';
import type { NotifiedAlert } from '../../types.ts';

/** One alert an Alertmanager target has posted: kept in the notification log, so it survives restarts. */
export interface Posted {
  readonly severity: string;
  readonly lastSentAt: number;
  readonly alert: Alert;
}

/**
 * What to post to one Alertmanager target this cycle. Alertmanager does its own grouping and
 * dedup, so this skips both and follows Prometheus instead: new alerts and severity changes at
 * once, every firing alert again each `resend_interval` (else Alertmanager times it out), and an
 * ended alert for everything that stopped being visible (resolved, silenced or inhibited here).
 */
export class AlertmanagerStage {
  readonly #resendMs: number;

  constructor(resendIntervalMs: number) {
    this.#resendMs = resendIntervalMs;
  }

  /** Plans this cycle's posts and updates `posted` (the target's entry of the notification log). */
  plan(
    posted: Map<string, Posted>,
    visible: readonly Alert[],
    resolved: readonly Alert[],
    now: number,
  ): NotifiedAlert[] {
    const out: NotifiedAlert[] = [];
    const seen = new Set<string>();
    for (const a of visible) {
      seen.add(a.fingerprint);
      const p = posted.get(a.fingerprint);
      const changed = p && p.severity !== a.severity;
      if (!p || changed || now - p.lastSentAt >= this.#resendMs) {
        out.push(changed ? { alert: a, previousSeverity: p.severity } : { alert: a });
        posted.set(a.fingerprint, { severity: a.severity, lastSentAt: now, alert: a });
      }
    }
    const byFp = new Map(resolved.map((a) => [a.fingerprint, a]));
    for (const [fp, p] of posted) {
      if (seen.has(fp)) continue;
      const r = byFp.get(fp);
      out.push({ alert: r ?? { ...p.alert, state: 'resolved', resolvedAt: now } });
      posted.delete(fp);
    }
    return out;
  }
}
