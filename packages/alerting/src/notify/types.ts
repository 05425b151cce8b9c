/**
 * Public types of the notification pipeline: its configuration (Alertmanager-shaped), the
 * notifications it produces, silences, and the small interfaces of its I/O shell.
 */
import type {
  Route,
  InhibitRule as RoutingInhibitRule,
  Matcher as RoutingMatcher,
} from '@golden-signals/alert-routing';
import type { Alert } from '../alert.ts';

/** Same shape as the engine's `Logger` (src/log.ts); any object with these methods works. */
export interface NotifyLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A label matcher as Alertmanager writes it: `name="value"`, `name!="v"`, `name=~"re"`,
 * `name!~"re"` (`type` is the operator), from `@golden-signals/alert-routing`.
 */
export type Matcher = RoutingMatcher;

/** Messages per second and burst size for one webhook (token bucket). */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** Settings every receiver kind shares. */
export interface ReceiverCommon {
  /** Lowest severity that earns a first message (and so a resolve). Default: everything. */
  readonly minSeverity?: string;
  /** Send a message when an alert that was paged resolves (default true, unlike Alertmanager). */
  readonly sendResolved: boolean;
  readonly rateLimit: RateLimit;
  /** How long one notification keeps retrying 5xx/network errors before it is given up (ms). */
  readonly retryDeadlineMs: number;
  /** Per-request timeout (ms). */
  readonly timeoutMs: number;
}

/** A Slack incoming webhook (`slack:` under a receiver). */
export interface SlackReceiverConfig extends ReceiverCommon {
  readonly webhookUrl: string;
  /** Optional channel override (only honoured by legacy webhooks). */
  readonly channel?: string;
}

/** A generic webhook that gets Alertmanager's webhook payload (`webhook:` under a receiver). */
export interface WebhookReceiverConfig extends ReceiverCommon {
  readonly url: string;
  /** Cap on alerts per payload (Alertmanager's `max_alerts`); 0 = no cap. */
  readonly maxAlerts: number;
}

/** One or more Alertmanagers of a cluster (`alertmanager:` under a receiver). */
export interface AlertmanagerReceiverConfig extends ReceiverCommon {
  readonly urls: readonly string[];
  /** Firing alerts are re-posted this often so Alertmanager does not time them out (ms). */
  readonly resendIntervalMs: number;
}

/** One named receiver with at most one integration of each kind. */
export interface ReceiverConfig {
  readonly name: string;
  readonly slack?: SlackReceiverConfig;
  readonly webhook?: WebhookReceiverConfig;
  readonly alertmanager?: AlertmanagerReceiverConfig;
}

/**
 * A node of the routing tree with inherited settings filled in (alert-routing's `Route`): `id` is
 * the path in the tree (`0`, `0.1`, `0.1.0`) and part of every group key.
 */
export type RouteConfig = Route;

/**
 * While an alert matching `sourceMatchers` fires, hide alerts matching `targetMatchers` with the
 * same `equal` labels (legacy `source_match*` / `target_match*` already folded in).
 */
export type InhibitRule = RoutingInhibitRule;

/** Inclusive ranges; minutes of day for times, 1-based for days of month and months. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** One Alertmanager `time_interval` entry; a missing field matches everything. */
export interface TimeIntervalSpec {
  readonly times?: readonly TimeRange[];
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekdays?: readonly TimeRange[];
  /** Negative values count from the end of the month (-1 = last day). */
  readonly daysOfMonth?: readonly TimeRange[];
  readonly months?: readonly TimeRange[];
  readonly years?: readonly TimeRange[];
  /** IANA time zone (default UTC). */
  readonly location: string;
}

/** A named set of time intervals, referred to by routes as mute or active times. */
export interface NamedTimeInterval {
  readonly name: string;
  readonly timeIntervals: readonly TimeIntervalSpec[];
}

/** The whole notification section of the alerting config. */
export interface NotifyConfig {
  readonly receivers: readonly ReceiverConfig[];
  readonly route: RouteConfig;
  readonly inhibitRules: readonly InhibitRule[];
  readonly timeIntervals: readonly NamedTimeInterval[];
}

/** What a notification says about its alerts. */
export type NotificationKind =
  | 'firing'
  | 'escalated'
  | 'deescalated'
  | 'flapping'
  | 'unsilenced'
  | 'resolved'
  | 'repeat';

/** The golden signals of an alert's service at fire time (absent when Prometheus had nothing). */
export interface ContextSnapshot {
  readonly service: string;
  readonly requestRate?: number;
  readonly errorRatio?: number;
  readonly p99Seconds?: number;
}

/** One alert inside a notification, with what changed for it. */
export interface NotifiedAlert {
  readonly alert: Alert;
  /** Severity the receiver was told before (escalations, de-escalations). */
  readonly previousSeverity?: string;
  /** The silence whose end made this alert visible again. */
  readonly silence?: { readonly id: string; readonly createdBy: string; readonly comment: string };
  readonly context?: ContextSnapshot;
}

/** One message for one receiver integration: what the renderers turn into a payload. */
export interface Notification {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly receiver: string;
  readonly groupKey: string;
  /** The group's labels (the `group_by` values). */
  readonly groupLabels: Readonly<Record<string, string>>;
  readonly alerts: readonly NotifiedAlert[];
  readonly createdAt: number;
  /** Set when this is a resend after a crash: the receiver may already have it. */
  readonly repeat?: boolean;
}

/** Outcome of one delivery attempt (DESIGN habit 2). */
export type DeliveryResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      /** Short machine reason: `rate_limited`, `http_500`, `network`, `channel_not_found`... */
      readonly reason: string;
      /** Server-requested wait (429 Retry-After), ms. */
      readonly retryAfterMs?: number;
    };

/** A receiver integration: renders and posts one notification. */
export interface Integration {
  /** `slack`, `webhook` or `alertmanager`. */
  readonly kind: string;
  /** The URL with secrets removed, safe for logs and the status page. */
  readonly safeTarget: string;
  send(n: Notification, signal: AbortSignal): Promise<DeliveryResult>;
}

/** A silence: alerts matching every matcher get no message until `endsAt`. */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  /** Set when expired early through the API or CLI. */
  readonly expiredAt?: number;
}

/** One line of the recent-notifications log (status page). No URLs, no secrets. */
export interface NotificationRecord {
  readonly at: number;
  readonly receiver: string;
  readonly integration: string;
  readonly kind: NotificationKind;
  readonly alertnames: readonly string[];
  readonly alertCount: number;
  readonly status: 'queued' | 'sent' | 'failed' | 'suppressed';
  /** Why it failed or was suppressed: `channel_not_found`, `silenced`, `muted`... */
  readonly reason?: string;
  readonly repeat?: boolean;
  /** For a failed message: tried again at the next group_interval, or given up for good. */
  readonly next?: 'retry_next_group_interval' | 'given_up';
}
