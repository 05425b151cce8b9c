import type { Alert, AlertEvent } from '../../../src/alert.ts';
import type { Notification, NotificationKind } from '../../../src/notify/types.ts';

let counter = 0;

/** Builds a firing alert; identity is the labels without severity, as in the engine. */
export function alert(labels: Record<string, string>, over: Partial<Alert> = {}): Alert {
  const severity = over.severity ?? labels.severity ?? 'warning';
  const { severity: _s, ...identity } = labels;
  const fingerprint =
    over.fingerprint ??
    Object.entries(identity)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  counter++;
  return {
    fingerprint,
    labels: { ...labels, severity },
    annotations: { summary: `${labels.alertname ?? 'Alert'} on ${labels.service_name ?? 'svc'}` },
    state: 'firing',
    severity,
    reasons: [`value 0.12 >= ${severity} 0.10`],
    value: 0.12,
    threshold: 0.1,
    activeAt: Date.UTC(2026, 0, 5, 11, 50) + counter,
    firedAt: Date.UTC(2026, 0, 5, 11, 55),
    ...over,
  };
}

/** The same alert at another severity. */
export function withSeverity(a: Alert, severity: string): Alert {
  return { ...a, severity, labels: { ...a.labels, severity } };
}

export function resolved(a: Alert, at: number): Alert {
  return { ...a, state: 'resolved', resolvedAt: at };
}

export function ev(kind: AlertEvent['kind'], a: Alert, at: number, previousSeverity?: string): AlertEvent {
  return { kind, alert: a, at, ...(previousSeverity ? { previousSeverity } : {}) };
}

/** One notification of `alerts` to the receiver `oncall`, as a group flush makes it at `createdAt`. */
export function notification(
  alerts: readonly Alert[],
  kind: NotificationKind,
  createdAt: number,
): Notification {
  return {
    id: 'n1',
    kind,
    receiver: 'oncall',
    groupKey: '0:{}',
    groupLabels: {},
    alerts: alerts.map((a) => ({ alert: a })),
    createdAt,
  };
}
