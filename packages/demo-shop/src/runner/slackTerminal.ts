import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The part of the alerting package's SlackSink the demo uses. */
export interface Sink {
  readonly requests: ReadonlyArray<{
    readonly at: number;
    readonly body: unknown;
    readonly raw: string;
    readonly answer: unknown;
  }>;
  url: string;
  start(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Loads the Slack-compatible sink of @golden-signals/alerting (notify/slack/slackSink.ts): a real
 * HTTP server on 127.0.0.1 that answers like Slack and records every payload. The package's entry
 * point does not export it, so it is loaded from the built notify module by path.
 */
export async function loadSlackSink(): Promise<Sink> {
  const pkg = createRequire(import.meta.url).resolve('@golden-signals/alerting/package.json');
  const mod = (await import(pathToFileURL(join(dirname(pkg), 'dist/notify/index.js')).href)) as {
    SlackSink: new () => Sink;
  };
  return new mod.SlackSink();
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
