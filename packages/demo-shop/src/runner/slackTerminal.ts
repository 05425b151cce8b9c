import { SlackSink } from '@golden-signals/alerting';

/** The part of the alerting package's SlackSink the demo uses. */
export type Sink = Pick<SlackSink, 'requests' | 'url' | 'start' | 'stop'>;

/**
 * The Slack-compatible sink of @golden-signals/alerting: a real HTTP server on 127.0.0.1 that
 * answers like Slack and records every payload; the demo prints what it receives.
 */
export async function loadSlackSink(): Promise<Sink> {
  return new SlackSink();
}

type Block = {
  type?: string;
  text?: { text?: string };
  elements?: Array<{ text?: string }>;
  fields?: Array<{ text?: string }>;
};
type Payload = { text?: string; attachments?: Array<{ color?: string; blocks?: Block[] }> };

const RESET = '\x1b[0m';

/** The nearest terminal colour of a Slack attachment colour (red, yellow, blue, green). */
function ansiFor(hex: string | undefined): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  if (!m) return '\x1b[37m';
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => Number.parseInt(x!, 16)) as [number, number, number];
  if (r > 180 && g < 120) return '\x1b[31m';
  if (r > 180 && g > 140 && b < 120) return '\x1b[33m';
  if (b > 180 && r < 120) return '\x1b[36m';
  if (g > 140 && r < 120) return '\x1b[32m';
  return '\x1b[37m';
}

/** Slack mrkdwn as terminal text: `<url|label>` → `label (url)`, entities decoded, *bold* kept. */
export function mrkdwnToText(s: string): string {
  return (
    s
      .replace(/<!date\^\d+\^[^|>]*\|([^>]+)>/g, '$1')
      // Long links (a Prometheus graph URL) would flood the terminal: keep their label only.
      .replace(/<([^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) =>
        url.length > 80 ? label : `${label} (${url})`,
      )
      .replace(/<(https?:[^>]+)>/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  );
}

/**
 * A Slack message as it would read in the channel: a coloured bar down the left in the
 * attachment's colour, the header in bold, then sections, fields and context lines.
 */
export function renderSlackPayload(payload: unknown, colour = true): string {
  const p = (payload ?? {}) as Payload;
  const out: string[] = [];
  for (const a of p.attachments ?? []) {
    const bar = colour ? `${ansiFor(a.color)}┃${RESET} ` : '| ';
    for (const b of a.blocks ?? []) {
      const lines: string[] = [];
      if (b.type === 'header' && b.text?.text)
        lines.push(colour ? `\x1b[1m${b.text.text}${RESET}` : b.text.text);
      else if (b.type === 'divider') lines.push('─'.repeat(40));
      else {
        if (b.text?.text) lines.push(...mrkdwnToText(b.text.text).split('\n'));
        for (const f of b.fields ?? []) if (f.text) lines.push(...mrkdwnToText(f.text).split('\n'));
        const ctx = (b.elements ?? []).map((e) => e.text).filter(Boolean) as string[];
        if (ctx.length)
          lines.push(
            colour ? `\x1b[2m${mrkdwnToText(ctx.join('  ·  '))}${RESET}` : mrkdwnToText(ctx.join('  ·  ')),
          );
      }
      for (const l of lines) out.push(bar + l);
    }
  }
  if (!out.length && p.text) out.push(mrkdwnToText(p.text));
  return out.join('\n');
}
