import { redactUrl } from '../../../shared/redact.ts';
import { postJson } from '../../delivery/postJson.ts';
import type { DeliveryResult, Integration, Notification, SlackReceiverConfig } from '../../types.ts';
import { renderSlack } from './slackMessage.ts';

/** Posts Block Kit messages to a Slack incoming webhook (or anything that answers like one). */
export class SlackIntegration implements Integration {
  readonly kind = 'slack';
  readonly safeTarget: string;
  readonly #cfg: SlackReceiverConfig;
  readonly #now: () => number;

  constructor(cfg: SlackReceiverConfig, now: () => number) {
    this.#cfg = cfg;
    this.#now = now;
    this.safeTarget = redactUrl(cfg.webhookUrl);
  }

  send(n: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    const payload = renderSlack(n, this.#now());
    const body = this.#cfg.channel ? { ...payload, channel: this.#cfg.channel } : payload;
    // Incoming webhooks answer 200 with the body `ok`; anything else in a 2xx is not a delivery.
    return postJson(this.#cfg.webhookUrl, body, {
      signal,
      now: this.#now,
      accept: (_s, t) => t.trim() === 'ok',
    });
  }
}
