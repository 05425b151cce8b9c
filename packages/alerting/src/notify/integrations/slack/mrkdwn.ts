/**
 * Slack mrkdwn: only `&`, `<` and `>` are control characters ("Formatting text for app
 * surfaces", Slack API docs), and escaping them as HTML entities makes `<!channel>`, `<@U123>` or
 * `<https://evil|click>` inside a label or annotation print as text instead of acting.
 * `*`, `_`, `~` and backticks have no escape in mrkdwn; a zero-width space before each keeps
 * Slack from pairing them into bold, italics, strike-through or code (a path like /api/v1 with
 * stars in it stays literal).
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}`);
}

/** U+200B ZERO WIDTH SPACE. */
export const ZWSP = '\u200b';

/**
 * Cuts `text` to at most `max` characters with an ellipsis, never inside an `&amp;`-style entity
 * (a half entity would show as garbage) nor inside a surrogate pair (a half emoji is invalid JSON
 * for some parsers).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  // Never inside a `<url|label>` link or `<!date^...>`: a half link shows as raw markup.
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * A mrkdwn link, or nothing when `url` is not http(s): a `javascript:` or `slack://` value in an
 * annotation must not become clickable. The URL is percent-encoded (spaces, non-ASCII, `|`, `<`,
 * `>`), so no character ends the link early.
 */
export function link(url: string | undefined, label: string): string | undefined {
  if (!url) return undefined;
  let ok = false;
  try {
    const p = new URL(url).protocol;
    ok = p === 'http:' || p === 'https:';
  } catch {
    ok = false;
  }
  if (!ok) return undefined;
  // The URL parser percent-encodes spaces and non-ASCII; `|`, `<` and `>` would end the link early.
  const href = new URL(url).href;
  const safe = href.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C').replace(/&/g, '&amp;');
  return `<${safe}|${escapeMrkdwn(label)}>`;
}

/** Slack renders `<!date^...>` in each reader's own time zone; the fallback is UTC. */
export function slackDate(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${secs}^{date_short_pretty} {time}|${fallback}>`;
}
