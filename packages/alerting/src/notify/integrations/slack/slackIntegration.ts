import { redactUrl } from '../../../shared/redact.ts';
import { postJson } from '../../delivery/postJson.ts';
import type { DeliveryResult, Integration, Notification, SlackReceiverConfig } from '../../types.ts';
import { renderSlack, type SlackPayload } from './slackMessage.ts';

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

  async send(n: Notification, signal: AbortSignal): Promise<DeliveryResult> {
    const payload = renderSlack(n, this.#now());
    const result = await this.#post(payload, signal);
    if (result.ok || !BLOCKS_REJECTED.has(result.reason)) return result;
    // The blocks were refused, not the page: say it in plain text rather than not at all.
    return this.#post({ text: plainText(payload) }, signal);
  }

  #post(payload: object, signal: AbortSignal): Promise<DeliveryResult> {
    const body = this.#cfg.channel ? { ...payload, channel: this.#cfg.channel } : payload;
    // Incoming webhooks answer 200 with the body `ok`; anything else in a 2xx is not a delivery.
    return postJson(this.#cfg.webhookUrl, body, {
      signal,
      now: this.#now,
      accept: (_s, t) => t.trim() === 'ok',
    });
  }
}

/** Slack's answers that refuse the Block Kit layout, not the message. */
const BLOCKS_REJECTED = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'msg_too_long',
]);
/** Well under Slack's 4,000-character advice for `text`, so the fallback itself is not too long. */
const PLAIN_MAX = 3000;

/** The message's sections as plain mrkdwn text, cut to {@link PLAIN_MAX}. */
function plainText(p: SlackPayload): string {
  const parts = [p.text];
  for (const a of p.attachments)
    for (const b of a.blocks.slice(1)) {
      const t = (b as { text?: { text?: string } }).text?.text;
      if (t) parts.push(t);
    }
  const text = parts.join('\n\n');
  return text.length <= PLAIN_MAX ? text : `${text.slice(0, PLAIN_MAX - 1)}…`;
}
