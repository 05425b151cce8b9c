import { instrument } from './instrument.ts';

/** Label names of the notification pipeline's own metrics (the alerting service's /metrics). */
export const NOTIFY_LABELS = {
  /** Receiver name from the config. */
  RECEIVER: 'receiver',
  /** `slack`, `webhook` or `alertmanager`. */
  INTEGRATION: 'integration',
  /** Why a notification failed: Slack's error word (`channel_not_found`), `http_500`, `network`, `deadline`. */
  REASON: 'reason',
  /** `silenced`, `inhibited`, `muted`. */
  SUPPRESSED_BY: 'suppressed_by',
} as const;

/** Notifications a receiver accepted. */
export const NOTIFY_SENT = instrument({
  name: 'alerting.notifications.sent',
  unit: '{notification}',
  kind: 'counter',
  description: 'Notifications delivered, by receiver and integration.',
  attributes: [NOTIFY_LABELS.RECEIVER, NOTIFY_LABELS.INTEGRATION],
});

/** Notifications given up: not retryable (4xx) or past the retry deadline. */
export const NOTIFY_FAILED = instrument({
  name: 'alerting.notifications.failed',
  unit: '{notification}',
  kind: 'counter',
  description: 'Notifications that were not delivered, by receiver, integration and reason.',
  attributes: [NOTIFY_LABELS.RECEIVER, NOTIFY_LABELS.INTEGRATION, NOTIFY_LABELS.REASON],
});

/** Delivery attempts repeated after a 429, 5xx or network error. */
export const NOTIFY_RETRIES = instrument({
  name: 'alerting.notifications.retries',
  unit: '{attempt}',
  kind: 'counter',
  description: 'Delivery attempts retried, by receiver, integration and reason.',
  attributes: [NOTIFY_LABELS.RECEIVER, NOTIFY_LABELS.INTEGRATION, NOTIFY_LABELS.REASON],
});

/** Alerts held back from a receiver by a silence, an inhibition or a mute window. */
export const NOTIFY_SUPPRESSED = instrument({
  name: 'alerting.notifications.suppressed',
  unit: '{alert}',
  kind: 'counter',
  description: 'Alert notifications held back, by receiver and cause.',
  attributes: [NOTIFY_LABELS.RECEIVER, NOTIFY_LABELS.SUPPRESSED_BY],
});

/** Notifications written to the durable outbox and not yet delivered or given up. */
export const NOTIFY_OUTBOX_DEPTH = instrument({
  name: 'alerting.notifications.outbox',
  unit: '{notification}',
  kind: 'gauge',
  description: 'Notifications waiting in the durable outbox, by receiver and integration.',
  attributes: [NOTIFY_LABELS.RECEIVER, NOTIFY_LABELS.INTEGRATION],
  prometheus: 'alerting_notifications_outbox',
});

/** Writes to the alerting service's state_dir that failed (ENOSPC, EROFS...), by error code. */
export const STATE_WRITE_FAILURES = instrument({
  name: 'alerting.state.write_failures',
  unit: '{write}',
  kind: 'counter',
  description: 'Writes to state_dir that failed (full disk, read-only file system), by error code.',
  attributes: ['error_code'],
  prometheus: 'alerting_state_write_failures_total',
});

/** 1 while the last write to state_dir succeeded, 0 while writes fail (the degraded mode). */
export const STATE_WRITABLE = instrument({
  name: 'alerting.state.writable',
  unit: '1',
  kind: 'gauge',
  description: '1 while writes to state_dir succeed, 0 while they fail (degraded: nothing is made durable).',
  attributes: [],
  prometheus: 'alerting_state_writable',
});
