import { type Notifier, RECENT_RECORDS } from './notifier.ts';
import type { NotificationRecord } from './types.ts';

/** A {@link Notifier} whose pipeline a config reload can replace. */
export interface SwappableNotifier extends Notifier {
  /**
   * Replaces the pipeline with `make()`. The old one finishes the cycle it is in, gets up to
   * `drainMs` to deliver what it queued, then closes; what it could not send stays in the shared
   * outbox and the new pipeline sends it, as after a restart. Calls made meanwhile wait for the
   * new pipeline, so no alert event is handed to a closed one. `make` gets the old pipeline's
   * recent notification records, so the status page keeps its list.
   */
  replace(make: (recent: readonly NotificationRecord[]) => Notifier, drainMs?: number): Promise<void>;
}

/**
 * Wraps a notifier so receivers, routes, inhibit rules and time intervals reload without a
 * restart. Silences, the notification log and the outbox live in the state directory, so the new
 * pipeline starts where the old one stopped; only its counters start anew.
 */
export function swappableNotifier(first: Notifier): SwappableNotifier {
  let current = first;
  let swap: Promise<void> = Promise.resolve();
  const ready = async () => {
    await swap;
    return current;
  };
  return {
    handle: async (events, active) => (await ready()).handle(events, active),
    close: async () => (await ready()).close(),
    silenceAccess: async () => (await ready()).silenceAccess(),
    drained: async () => (await ready()).drained(),
    idle: async () => (await ready()).idle(),
    metrics: () => current.metrics(),
    recent: (limit) => current.recent(limit),
    silences: () => current.silences(),
    mutedBy: (alert) => current.mutedBy(alert),
    replace(make, drainMs = 5000) {
      const replaced = swap.then(async () => {
        const old = current;
        await old.idle();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([old.drained(), new Promise((r) => (timer = setTimeout(r, drainMs)))]);
        clearTimeout(timer);
        await old.close();
        current = make(old.recent(RECENT_RECORDS));
      });
      // A failed swap is the caller's to report; later calls must not all fail with it.
      swap = replaced.catch(() => {});
      return replaced;
    },
  };
}
