import { NOTIFY_FAILED, NOTIFY_RETRIES, NOTIFY_SENT, NOTIFY_SUPPRESSED } from '@golden-signals/conventions';
import type { Clock } from '../shared/clock.ts';
import { DeliveryQueue } from './delivery/deliveryQueue.ts';
import { RateLimiter } from './delivery/rateLimiter.ts';
import { AlertmanagerIntegration } from './integrations/alertmanager/alertmanagerIntegration.ts';
import { AlertmanagerStage } from './integrations/alertmanager/alertmanagerStage.ts';
import { SlackIntegration } from './integrations/slack/slackIntegration.ts';
import { WebhookIntegration } from './integrations/webhook/webhookIntegration.ts';
import type { NotifyMetrics } from './notifyMetrics.ts';
import type { Outbox, OutboxEntry } from './stores/outbox.ts';
import type { Integration, NotificationRecord, NotifyConfig, NotifyLogger, ReceiverCommon } from './types.ts';

/** One integration of one receiver, with its own queue and rate limit. */
export interface Target {
  /** `receiver/integration`, the key of the notification log and outbox entries. */
  readonly key: string;
  readonly receiver: string;
  readonly integration: Integration;
  readonly settings: ReceiverCommon;
  readonly queue: DeliveryQueue;
  /** Set for Alertmanager targets, which skip grouping (Alertmanager groups by itself). */
  readonly alertmanager?: AlertmanagerStage;
}

/** Every target, by key (`receiver/integration`) and by receiver name. */
export interface PipelineTargets {
  readonly byKey: ReadonlyMap<string, Target>;
  readonly byReceiver: ReadonlyMap<string, readonly Target[]>;
}

/** What {@link buildTargets} wires each delivery queue to. */
export interface BuildTargetsOptions {
  readonly config: NotifyConfig;
  readonly clock: Clock;
  readonly outbox: Outbox;
  readonly log: NotifyLogger;
  readonly metrics: NotifyMetrics;
  readonly record: (r: NotificationRecord) => void;
  readonly random?: () => number;
  /** The delivery ledger (delivery/ledger.ts): what an accepted or refused message means for the log. */
  readonly ledger?: {
    sent(e: OutboxEntry): void;
    failed(e: OutboxEntry, reason: string): NonNullable<NotificationRecord['next']>;
  };
}

/**
 * Failure reasons exported at 0 for every target from the start: the words Slack answers with
 * (its incoming-webhook error list), the retry deadline, and bare HTTP codes.
 */
export const FAILURE_REASONS = [
  'deadline',
  'invalid_payload',
  'invalid_token',
  'action_prohibited',
  'channel_not_found',
  'no_service',
  'channel_is_archived',
  'invalid_blocks',
  'msg_too_long',
  'unexpected_answer',
  'http_400',
  'http_401',
  'http_403',
  'http_404',
  'http_410',
] as const;
const RETRY_REASONS = ['rate_limited', 'http_500', 'http_502', 'http_503', 'timeout', 'network_ECONNREFUSED'];
const SUPPRESS_REASONS = ['silenced', 'inhibited', 'muted'];

function recordOf(
  e: OutboxEntry,
  status: NotificationRecord['status'],
  at: number,
  reason?: string,
  next?: NotificationRecord['next'],
): NotificationRecord {
  const n = e.notification;
  const names = [...new Set(n.alerts.map((a) => a.alert.labels.alertname ?? ''))];
  return {
    at,
    receiver: n.receiver,
    integration: e.target.slice(n.receiver.length + 1),
    kind: n.kind,
    alertnames: names,
    alertCount: n.alerts.length,
    status,
    ...(reason ? { reason } : {}),
    ...(n.repeat ? { repeat: true } : {}),
    ...(next ? { next } : {}),
  };
}

/** Every counter of one target at 0 from the start (the meta-alert must see the first failure). */
function declareSeries(metrics: NotifyMetrics, receiver: string, kind: string): void {
  metrics.declare(NOTIFY_SENT, [receiver, kind]);
  for (const reason of FAILURE_REASONS) metrics.declare(NOTIFY_FAILED, [receiver, kind, reason]);
  for (const reason of RETRY_REASONS) metrics.declare(NOTIFY_RETRIES, [receiver, kind, reason]);
  for (const reason of SUPPRESS_REASONS) metrics.declare(NOTIFY_SUPPRESSED, [receiver, kind, reason]);
}

/** Builds every receiver integration from the config, each with its delivery queue. */
export function buildTargets(o: BuildTargetsOptions): PipelineTargets {
  const byKey = new Map<string, Target>();
  const byReceiver = new Map<string, Target[]>();
  const now = () => o.clock.now();
  for (const r of o.config.receivers) {
    const list: Target[] = [];
    const add = (integration: Integration, settings: ReceiverCommon, alertmanager?: AlertmanagerStage) => {
      const key = `${r.name}/${integration.kind}`;
      const kind = integration.kind;
      const queue = new DeliveryQueue({
        integration,
        limiter: new RateLimiter(settings.rateLimit, o.clock.monotonic()),
        clock: o.clock,
        outbox: o.outbox,
        log: o.log,
        retryDeadlineMs: settings.retryDeadlineMs,
        timeoutMs: settings.timeoutMs,
        random: o.random,
        events: {
          sent: (e) => {
            o.ledger?.sent(e);
            o.metrics.inc(NOTIFY_SENT, [r.name, kind]);
            o.record(recordOf(e, 'sent', now()));
          },
          failed: (e, reason) => {
            const next = o.ledger?.failed(e, reason);
            o.metrics.inc(NOTIFY_FAILED, [r.name, kind, reason]);
            o.record(recordOf(e, 'failed', now(), reason, next));
          },
          retry: (_e, reason) => o.metrics.inc(NOTIFY_RETRIES, [r.name, kind, reason]),
        },
      });
      declareSeries(o.metrics, r.name, kind);
      const t: Target = { key, receiver: r.name, integration, settings, queue, alertmanager };
      byKey.set(key, t);
      list.push(t);
    };
    if (r.slack) add(new SlackIntegration(r.slack, now), r.slack);
    if (r.webhook) add(new WebhookIntegration(r.webhook, now), r.webhook);
    if (r.alertmanager) {
      const am = r.alertmanager;
      add(new AlertmanagerIntegration(am, now), am, new AlertmanagerStage(am.resendIntervalMs));
    }
    byReceiver.set(r.name, list);
  }
  o.metrics.outboxDepth(() =>
    [...byKey.values()].map((t) => ({ labels: [t.receiver, t.integration.kind], value: t.queue.depth })),
  );
  return { byKey, byReceiver };
}
