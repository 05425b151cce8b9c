import type { Target } from '../pipelineTargets.ts';
import type { Told } from '../stages/dedupStage.ts';
import type { Outbox } from '../stores/outbox.ts';
import type { Notification, NotificationKind, NotifiedAlert, NotifyLogger } from '../types.ts';

/** One notification to queue for one integration. */
export interface Enqueued {
  readonly target: Target;
  readonly kind: NotificationKind;
  readonly alerts: NotifiedAlert[];
  readonly groupKey: string;
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Notification-log changes the entry stands for (replayed from the outbox after a crash). */
  readonly updates: ReadonlyArray<readonly [string, Told | null]>;
  /** What the log said before `updates` (restored if the message is refused). */
  readonly undo?: ReadonlyArray<readonly [string, Told | null]>;
  readonly now: number;
}

/** Writes the notification to the outbox, then hands it to the integration's delivery queue. */
export async function enqueue(n: Enqueued, outbox: Outbox, log: NotifyLogger): Promise<void> {
  const id = outbox.nextId(n.now);
  const notification: Notification = {
    id,
    kind: n.kind,
    receiver: n.target.receiver,
    groupKey: n.groupKey,
    groupLabels: n.groupLabels,
    alerts: n.alerts,
    createdAt: n.now,
  };
  const entry = {
    id,
    target: n.target.key,
    notification,
    updates: n.updates,
    ...(n.undo ? { undo: n.undo } : {}),
  };
  try {
    await outbox.put(entry);
  } catch (err) {
    // Still try to send: a full disk must not also silence the page.
    log.error('could not write the outbox; sending without durability', { error: (err as Error).message });
  }
  n.target.queue.push(entry);
}
