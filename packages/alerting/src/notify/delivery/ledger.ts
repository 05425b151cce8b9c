/**
 * The delivery ledger: the notification log says an alert was told only once its receiver
 * accepted the message. The dedup stage writes the log before the message is queued (so a crash
 * replays it from the outbox); when the message is then refused or given up, this takes the
 * change back, so the next group_interval plans the page again, and a page nobody saw is never
 * followed by a lone RESOLVED. Bounded: after {@link MAX_FLUSH_TRIES} refused tries the alert is
 * marked `undelivered` (no more pages, no resolve) and the reason stays in the records and metrics.
 */
import { fingerprintOfKey, type Told } from '../stages/dedupStage.ts';
import type { NotificationLog } from '../stores/notificationLog.ts';
import type { OutboxEntry } from '../stores/outbox.ts';

/** How many flushes in a row one alert's message may be refused before it is given up for good. */
export const MAX_FLUSH_TRIES = 4;

/** What happens next to a refused message's alerts. */
export type FailureOutcome = 'retry_next_group_interval' | 'given_up';

type Update = readonly [string, Told | null];

/** Takes back the log changes of a refused message; says whether they will be tried again. */
export function deliveryFailed(nflog: NotificationLog, e: OutboxEntry, reason: string): FailureOutcome {
  const told = nflog.told(e.target);
  const updates = new Map<string, Told | null>(e.updates as Update[]);
  const undo = new Map<string, Told | null>((e.undo ?? []) as Update[]);
  let outcome: FailureOutcome = 'given_up';
  const inMessage = new Set(e.notification.alerts.map((na) => na.alert.fingerprint));
  // Log keys are per alert and route (toldKey); only this message's own alerts are taken back.
  for (const [key, update] of updates) {
    if (!inMessage.has(fingerprintOfKey(key))) continue;
    const current = told.get(key);
    // A later message changed the log since: that one's outcome decides.
    if (update ? current?.at !== update.at : current !== undefined) continue;
    const tries = nflog.failedTries(e.target, key) + 1;
    nflog.setFailedTries(e.target, key, tries);
    const prev = undo.get(key) ?? null;
    if (tries < MAX_FLUSH_TRIES) {
      outcome = 'retry_next_group_interval';
      if (prev) told.set(key, prev);
      else told.delete(key);
    } else if (update && !prev) {
      // A first page refused every time: remember it, so no resolve follows a page nobody saw.
      told.set(key, { ...update, undelivered: reason });
    }
  }
  return outcome;
}

/**
 * The receiver accepted the message: its alerts start with a clean slate of tries, and pages
 * given up on this target are planned again (the receiver works now: a fixed token or channel),
 * so they are sent at their group's next flush instead of never.
 */
export function deliverySent(nflog: NotificationLog, e: OutboxEntry): void {
  for (const [key] of e.updates as Update[]) nflog.setFailedTries(e.target, key, 0);
  const told = nflog.told(e.target);
  for (const [fp, t] of told) {
    if (!t.undelivered) continue;
    told.delete(fp);
    nflog.setFailedTries(e.target, fp, 0);
  }
}
