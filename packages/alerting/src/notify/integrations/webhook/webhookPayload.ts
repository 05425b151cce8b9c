import type { Alert } from '../../../alert.ts';
import type { Notification } from '../../types.ts';

/** Alertmanager's zero time, which its webhook uses for "not ended". */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** One alert as Alertmanager's webhook (version 4) shows it. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/**
 * The body Alertmanager's `webhook_config` posts (version "4"), so existing webhook consumers
 * work unchanged, plus `notificationKind`, `repeat` and per-alert severity change fields that
 * carry what this pipeline adds (escalation, crash resend). Consumers ignore unknown fields.
 */
export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: Array<WebhookAlert & { previousSeverity?: string }>;
  notificationKind: string;
  repeat: boolean;
}

/** One alert in Alertmanager's webhook format (status, labels, annotations, startsAt, endsAt). */
export function webhookAlert(a: Alert): WebhookAlert {
  const resolved = a.state !== 'firing';
  return {
    status: resolved ? 'resolved' : 'firing',
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: new Date(a.firedAt ?? a.activeAt).toISOString(),
    endsAt: resolved ? new Date(a.resolvedAt ?? Date.now()).toISOString() : ZERO_TIME,
    generatorURL: a.generatorURL ?? '',
    fingerprint: a.fingerprint,
  };
}

function common(maps: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first)) if (rest.every((m) => m[k] === v)) out[k] = v;
  return out;
}

/** Builds the payload; `maxAlerts` > 0 truncates the list and reports how many were left out. */
export function webhookPayload(n: Notification, maxAlerts: number, externalURL = ''): WebhookPayload {
  const all = n.alerts;
  const kept = maxAlerts > 0 ? all.slice(0, maxAlerts) : all;
  return {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: all.length - kept.length,
    status: n.kind === 'resolved' ? 'resolved' : 'firing',
    receiver: n.receiver,
    groupLabels: { ...n.groupLabels },
    commonLabels: common(all.map((a) => a.alert.labels)),
    commonAnnotations: common(all.map((a) => a.alert.annotations)),
    externalURL,
    alerts: kept.map((na) => ({
      ...webhookAlert(na.alert),
      ...(na.previousSeverity ? { previousSeverity: na.previousSeverity } : {}),
    })),
    notificationKind: n.kind,
    repeat: !!n.repeat,
  };
}
