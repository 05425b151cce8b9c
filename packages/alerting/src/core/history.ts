/**
 * Recent alert events, newest last, bounded: what the status page and /api/v1/history show.
 */
import type { AlertEvent } from '../alert.ts';

/** One remembered event (labels and the facts a timeline needs, not the whole alert). */
export interface HistoryEntry {
  readonly at: number;
  readonly kind: AlertEvent['kind'];
  readonly fingerprint: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly severity: string;
  readonly previousSeverity?: string;
  readonly value: number;
  readonly reasons: readonly string[];
  readonly summary?: string;
}

/** Converts an event to its history entry. */
export function toHistoryEntry(e: AlertEvent): HistoryEntry {
  const summary = e.alert.annotations.summary;
  return {
    at: e.at,
    kind: e.kind,
    fingerprint: e.alert.fingerprint,
    labels: e.alert.labels,
    severity: e.alert.severity,
    ...(e.previousSeverity !== undefined ? { previousSeverity: e.previousSeverity } : {}),
    value: e.alert.value,
    reasons: e.alert.reasons,
    ...(summary !== undefined ? { summary } : {}),
  };
}

/** Appends `events` to `history`, keeping the newest `limit`. */
export function appendHistory(
  history: readonly HistoryEntry[],
  events: readonly AlertEvent[],
  limit: number,
): HistoryEntry[] {
  const next = [...history, ...events.map(toHistoryEntry)];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
