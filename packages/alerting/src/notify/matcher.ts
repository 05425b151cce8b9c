import type { Matcher } from './types.ts';

/** Alertmanager's matcher syntax: a label name, an operator, and a quoted (or bare) value. */
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s]*))\s*$/;

/** Compiled regexes, anchored like Prometheus' (`=~"warn"` does not match `warning`). */
const regexCache = new Map<string, RegExp>();

function anchored(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(`^(?:${source})$`);
    regexCache.set(source, re);
  }
  return re;
}

/**
 * Parses `severity=~"warning|info"` into a {@link Matcher}, or returns an error message that says
 * what was expected. Regexes are compiled here so a bad one fails at load, not at match time.
 */
export function parseMatcher(text: string): Matcher | string {
  const m = MATCHER.exec(text);
  if (!m)
    return `expected a matcher like name="value", name!="value", name=~"regex" or name!~"regex", got '${text}'`;
  const op = m[2] as Matcher['op'];
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '');
  if (op === '=~' || op === '!~') {
    try {
      anchored(value);
    } catch (err) {
      return `invalid regular expression '${value}': ${(err as Error).message}`;
    }
  }
  return { name: m[1] as string, op, value };
}

/** True when `labels` satisfy one matcher (a missing label is the empty string, as in Prometheus). */
export function matchOne(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return anchored(m.value).test(v);
    case '!~':
      return !anchored(m.value).test(v);
  }
}

/** True when `labels` satisfy every matcher (an empty list matches everything). */
export function matchAll(ms: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  for (const m of ms) if (!matchOne(m, labels)) return false;
  return true;
}

/** Formats a matcher back to the text users write. */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}
