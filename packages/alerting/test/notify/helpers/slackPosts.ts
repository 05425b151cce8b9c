/** Reading what the service posted to the Slack-compatible sink, as on-call would see it. */
import type { SinkAnswer } from '../../../src/notify/integrations/slack/slackSink.ts';

type Payload = { text?: string; attachments?: Array<{ blocks?: Array<{ text?: { text?: string } }> }> };

/** A post's header line (its first block), else its plain `text`, else ''. */
export function slackHeader(body: unknown): string {
  const p = body as Payload;
  return p.attachments?.[0]?.blocks?.[0]?.text?.text ?? p.text ?? '';
}

/** The header of every post the sink accepted, in order. */
export function deliveredHeaders(sink: { delivered(): Array<{ body: unknown }> }): string[] {
  return sink.delivered().map((r) => slackHeader(r.body));
}

/** Slack's answers that refuse one message for good (its payload or its channel is wrong), not the service. */
export const REFUSING_ANSWERS = [
  'invalid_payload',
  'action_prohibited',
  'channel_not_found',
  'channel_is_archived',
] as const satisfies readonly SinkAnswer[];
