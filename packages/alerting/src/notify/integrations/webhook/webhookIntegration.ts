import { redactUrl } from '../../../shared/redact.ts';
import { postJson } from '../../delivery/postJson.ts';
import type { DeliveryResult, Integration, Notification, WebhookReceiverConfig } from '../../types.ts';
import { webhookPayload } from './webhookPayload.ts';

/** Posts Alertmanager-shaped webhook payloads to any HTTP endpoint. */
export class WebhookIntegration implements Integration {
  readonly kind = 'webhook';
  readonly safeTarget: string;
  readonly #cfg: WebhookReceiverConfig;
  readonly #now: () => number;

  constructor(cfg: WebhookReceiverConfig, now: () => number) {
    this.#cfg = cfg;
    this.#now = now;
    this.safeTarget = redactUrl(cfg.url);
  }

  send(n: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    return postJson(this.#cfg.url, webhookPayload(n, this.#cfg.maxAlerts), { signal, now: this.#now });
  }
}
