import { redactUrl } from '../../../shared/redact.ts';
import { postJson } from '../../delivery/postJson.ts';
import type { AlertmanagerReceiverConfig, DeliveryResult, Integration, Notification } from '../../types.ts';

/** One alert as Alertmanager's API v2 accepts it (`POST /api/v2/alerts`, `postableAlerts`). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/**
 * The alerts to post for a notification. Alertmanager identifies an alert by its whole label
 * set, severity included, so a severity change posts the old-severity alert ended now next to
 * the new one starting now; otherwise Alertmanager would keep the old one firing until it times
 * out. Firing alerts carry an `endsAt` four resend intervals ahead (what Prometheus does), so
 * Alertmanager resolves them by itself if this service dies.
 */
export function postableAlerts(n: Notification, now: number, resendIntervalMs: number): PostableAlert[] {
  const out: PostableAlert[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const na of n.alerts) {
    const a = na.alert;
    const base = {
      annotations: { ...a.annotations },
      ...(a.generatorURL ? { generatorURL: a.generatorURL } : {}),
    };
    if (na.previousSeverity && na.previousSeverity !== a.severity && a.state === 'firing') {
      out.push({
        ...base,
        labels: { ...a.labels, severity: na.previousSeverity },
        startsAt: iso(a.firedAt ?? a.activeAt),
        endsAt: iso(now),
      });
    }
    const firing = a.state === 'firing';
    out.push({
      ...base,
      labels: { ...a.labels },
      startsAt: iso(na.previousSeverity && firing ? now : (a.firedAt ?? a.activeAt)),
      endsAt: iso(firing ? now + 4 * resendIntervalMs : (a.resolvedAt ?? now)),
    });
  }
  return out;
}

/** Posts to every Alertmanager of a cluster, as Prometheus does: they deduplicate among themselves. */
export class AlertmanagerIntegration implements Integration {
  readonly kind = 'alertmanager';
  readonly safeTarget: string;
  readonly #cfg: AlertmanagerReceiverConfig;
  readonly #now: () => number;

  constructor(cfg: AlertmanagerReceiverConfig, now: () => number) {
    this.#cfg = cfg;
    this.#now = now;
    this.safeTarget = cfg.urls.map(redactUrl).join(',');
  }

  async send(n: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    const body = postableAlerts(n, this.#now(), this.#cfg.resendIntervalMs);
    const results = await Promise.all(
      this.#cfg.urls.map((u) => postJson(`${u}/api/v2/alerts`, body, { signal, now: this.#now })),
    );
    // Re-posting to the members that accepted is harmless (Alertmanager deduplicates), so one
    // failure makes the whole notification retry.
    const failed = results.find((r) => !r.ok && r.retryable) ?? results.find((r) => !r.ok);
    return failed ?? { ok: true };
  }
}
