import { goQuote } from './goString.ts';
import type { Matcher } from './matcher.ts';

const RESERVED = /[\s{}!=~,\\"'`]/u;

/** Alertmanager's Matcher.String: `name="value"`, the name quoted too when it holds reserved characters. */
export function formatMatcher(m: Matcher): string {
  if (RESERVED.test(m.name)) return `${goQuote(m.name)}${m.type}${goQuote(m.value)}`;
  const v = m.value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
  return `${m.name}${m.type}"${v}"`;
}

/** Alertmanager's Matchers.String: `{a="b",c=~"d"}`. */
export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map(formatMatcher).join(',')}}`;
}
