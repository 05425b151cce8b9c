import type { HistoryEntry } from '@golden-signals/alerting';

/** An alert event as the alerting service's /api/v1/history lists it. */
export type HistoryEvent = HistoryEntry;

/** Where one scripted incident stands. */
export interface Verdict {
  /** The alert reached warning (fired at warning, or escalated into it): the first page. */
  readonly paged?: HistoryEvent;
  /** It then escalated to critical. */
  readonly escalated?: HistoryEvent;
  /** It then resolved. */
  readonly resolved?: HistoryEvent;
  /** All three happened, in that order. */
  readonly done: boolean;
  /** What has not happened yet, as sentences for the exit message. */
  readonly missing: readonly string[];
}

/**
 * Judges the scripted incident from the alert history: `alertname` must be paged at warning,
 * escalate to critical, then resolve, in that order, at or after `since` (epoch ms). Pure, so the
 * demo's `--once` exit code is tested without running the demo.
 */
export function incidentVerdict(events: readonly HistoryEvent[], alertname: string, since: number): Verdict {
  const mine = events
    .filter((e) => e.labels.alertname === alertname && e.at >= since)
    .sort((a, b) => a.at - b.at);
  const paged = mine.find((e) => (e.kind === 'firing' || e.kind === 'escalated') && e.severity === 'warning');
  const escalated =
    paged && mine.find((e) => e.at >= paged.at && e.kind === 'escalated' && e.severity === 'critical');
  const resolved = escalated && mine.find((e) => e.at >= escalated.at && e.kind === 'resolved');
  const missing: string[] = [];
  if (!paged) missing.push(`${alertname} never fired at warning`);
  else if (!escalated) missing.push(`${alertname} fired at warning but never escalated to critical`);
  else if (!resolved) missing.push(`${alertname} escalated to critical but never resolved`);
  return {
    ...(paged ? { paged } : {}),
    ...(escalated ? { escalated } : {}),
    ...(resolved ? { resolved } : {}),
    done: missing.length === 0,
    missing,
  };
}

/** One history line for the terminal: `12:01:05  ▲ CheckoutErrorRatio warning → critical [0.452]`. */
export function describeEvent(e: HistoryEvent): string {
  const icon: Record<string, string> = {
    firing: '🔥',
    escalated: '▲',
    deescalated: '▼',
    resolved: '✅',
    flapping: '〰',
  };
  const sev = e.previousSeverity ? `${e.previousSeverity} → ${e.severity}` : e.severity;
  const value = Number.isFinite(e.value) ? Number(e.value.toPrecision(3)).toString() : String(e.value);
  const svc = e.labels.service_name ? ` (${e.labels.service_name})` : '';
  const why = e.reasons.length ? ` — ${e.reasons.join('; ')}` : '';
  const time = new Date(e.at).toLocaleTimeString();
  return `${time}  ${icon[e.kind] ?? '•'} ${e.kind} ${e.labels.alertname ?? ''}${svc} ${e.kind === 'resolved' ? '' : sev} value ${value}${why}`;
}

/** A line of the alerting service's /api/v1/notifications. */
export interface NotificationLine {
  readonly kind: string;
  readonly alertnames: readonly string[];
  readonly status: string;
}

/**
 * What Slack has not been told yet about `alertname`: the first page, the escalation and the
 * resolve must each have a notification with status `sent`. Empty when all three were delivered.
 */
export function undelivered(lines: readonly NotificationLine[], alertname: string): string[] {
  const sent = (kind: string) =>
    lines.some((l) => l.kind === kind && l.status === 'sent' && l.alertnames.includes(alertname));
  const missing: string[] = [];
  if (!sent('firing')) missing.push('the first page was not delivered to Slack');
  if (!sent('escalated')) missing.push('the escalation was not delivered to Slack');
  if (!sent('resolved')) missing.push('the resolve was not delivered to Slack');
  return missing;
}
