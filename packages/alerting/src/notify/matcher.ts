/**
 * Label matchers, with Alertmanager's syntax and semantics: the one seam between the service and
 * `@golden-signals/alert-routing` (its UTF-8/classic/fallback parsers, and regexes on RE2, which
 * run in time linear in the input, so `(.*.*)*ZZZ` cannot freeze the event loop).
 */
import {
  formatMatcher as amFormat,
  type LabelSet,
  matchesAll,
  matchesLabels,
  parseMatchers,
} from '@golden-signals/alert-routing';
import type { Matcher } from './types.ts';

/**
 * Parses one string that may hold several matchers (`{a="b", c=~"d.*"}`, `a=b,c!=d`, unquoted
 * values, Go escapes kept: `db\d+` stays `db\d+`), or returns the parser's error (with columns).
 */
export function parseMatcherList(text: string): Matcher[] | string {
  try {
    const ms = parseMatchers(text);
    return ms.length ? ms : `expected at least one matcher, got '${text}'`;
  } catch (err) {
    return `${(err as Error).message} (in '${text}')`;
  }
}

/** Parses exactly one matcher, or returns what was wrong. */
export function parseMatcher(text: string): Matcher | string {
  const ms = parseMatcherList(text);
  if (typeof ms === 'string') return ms;
  if (ms.length !== 1) return `expected one matcher, got ${ms.length} in '${text}'`;
  return ms[0] as Matcher;
}

/** True when `labels` satisfy one matcher (a missing label is the empty string, as in Prometheus). */
export function matchOne(m: Matcher, labels: LabelSet): boolean {
  return matchesLabels(m, labels);
}

/** True when `labels` satisfy every matcher (an empty list matches everything). */
export function matchAll(ms: readonly Matcher[], labels: LabelSet): boolean {
  return matchesAll(ms, labels);
}

/** Formats a matcher back to the text Alertmanager prints (`Matcher.String()`). */
export function formatMatcher(m: Matcher): string {
  return amFormat(m);
}
