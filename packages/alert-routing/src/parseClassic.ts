import { type Matcher, MatcherError, type MatchType, newMatcher } from './matcher.ts';

/**
 * Alertmanager's classic matchers parser (pkg/labels): what older configs and amtool versions
 * accept, and what Alertmanager falls back to when the UTF-8 parser rejects an input.
 */

// Go's \s is [\t\n\f\r ]; the lazy value keeps trailing whitespace out, as in Alertmanager.
const CLASSIC =
  /^[\t\n\f\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*([\s\S]*?)[\t\n\f\r ]*$/;

/** Splits on commas outside double quotes, keeping escapes, as labels.ParseMatchers does. */
function splitTokens(s: string): string[] {
  const tokens: string[] = [];
  let insideQuotes = false;
  let escaped = false;
  let token = '';
  for (const c of s) {
    if (c === ',' && !insideQuotes) {
      tokens.push(token);
      token = '';
      continue;
    }
    if (c === '"') {
      if (!escaped) insideQuotes = !insideQuotes;
      else escaped = false;
    } else if (c === '\\') escaped = !escaped;
    else escaped = false;
    token += c;
  }
  if (token.trim() !== '') tokens.push(token.trim());
  return tokens;
}

/**
 * Parses `{a="b",c=~"x"}` (braces optional) with the classic rules. Throws {@link MatcherError}
 * with Alertmanager's message (`bad matcher format: ...`).
 */
export function parseClassicMatchers(input: string): Matcher[] {
  let s = input.startsWith('{') ? input.slice(1) : input;
  s = s.endsWith('}') ? s.slice(0, -1) : s;
  return splitTokens(s).map(parseClassicMatcher);
}

/** Unescapes a classic value: `\n`, `\"` and `\\` are escapes; any other backslash stays literal. */
function unescapeClassic(raw: string, original: string, quoted: boolean): string {
  let value = '';
  let escaped = false;
  let expectTrailingQuote = quoted;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (escaped) {
      escaped = false;
      if (c === 'n') value += '\n';
      else if (c === '"' || c === '\\') value += c;
      else value += `\\${c}`; // `db\d+` keeps its regex escape
      continue;
    }
    if (c === '\\') {
      if (i < raw.length - 1) escaped = true;
      else value += '\\';
    } else if (c === '"') {
      if (!expectTrailingQuote || i < raw.length - 1)
        throw new MatcherError(`matcher value contains unescaped double quote: ${original}`);
      expectTrailingQuote = false;
    } else value += c;
  }
  if (expectTrailingQuote)
    throw new MatcherError(`matcher value contains unescaped double quote: ${original}`);
  return value;
}

/** One classic matcher, `name op value`, the value optionally double-quoted. */
export function parseClassicMatcher(s: string): Matcher {
  const m = CLASSIC.exec(s);
  if (!m) throw new MatcherError(`bad matcher format: ${s}`);
  const original = m[3] as string;
  const quoted = original.startsWith('"');
  const value = unescapeClassic(quoted ? original.slice(1) : original, original, quoted);
  return newMatcher(m[2] as MatchType, m[1] as string, value);
}
