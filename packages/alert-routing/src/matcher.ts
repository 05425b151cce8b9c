import { RE2JS } from 're2js';

/** The four matcher operators of Alertmanager (and Prometheus). */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** A label matcher: `name op value`. Regex values are anchored (`^(?:value)$`) and run on RE2. */
export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
}

/** A matcher that could not be built, with Alertmanager's wording where it has one. */
export class MatcherError extends Error {
  override readonly name = 'MatcherError';
}

/** Compiled regexes by source. RE2JS runs in time linear in the input, whatever the pattern. */
const compiled = new Map<string, RE2JS>();
const CACHE_LIMIT = 10_000;

/** Compiles `source` anchored as Alertmanager does; throws {@link MatcherError} when RE2 rejects it. */
export function compileAnchored(source: string): RE2JS {
  let re = compiled.get(source);
  if (re) return re;
  try {
    re = RE2JS.compile(`^(?:${source})$`);
  } catch (err) {
    // RE2JS words it as Go does: "error parsing regexp: missing closing ): `^(?:()$`".
    const message = (err as Error).message;
    throw new MatcherError(
      message.startsWith('error parsing regexp') ? message : `error parsing regexp: ${message}`,
    );
  }
  // A bounded cache: silences come from users over the API, so sources are not a fixed set.
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(source, re);
  return re;
}

/**
 * Builds a matcher, compiling regexes now so a bad one fails at load, not at match time
 * (Alertmanager's labels.NewMatcher).
 */
export function newMatcher(type: MatchType, name: string, value: string): Matcher {
  if (type === '=~' || type === '!~') compileAnchored(value);
  return { name, type, value };
}

/**
 * True when `value` satisfies the matcher. A regex RE2 cannot compile (a matcher built by hand or
 * read from an old state file, never one from {@link newMatcher}) matches nothing, whatever the
 * operator: a broken silence must not mute pages, and matching must never throw mid-pipeline.
 */
export function matchesValue(m: Matcher, value: string): boolean {
  switch (m.type) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return regexOrUndefined(m.value)?.matches(value) ?? false;
    case '!~': {
      const re = regexOrUndefined(m.value);
      return re ? !re.matches(value) : false;
    }
  }
}

function regexOrUndefined(source: string): RE2JS | undefined {
  try {
    return compileAnchored(source);
  } catch {
    return undefined;
  }
}

/** Labels of one alert. A missing label reads as the empty string, as in Alertmanager. */
export type LabelSet = Readonly<Record<string, string>>;

/** True when `labels` satisfy one matcher. */
export function matchesLabels(m: Matcher, labels: LabelSet): boolean {
  return matchesValue(m, labels[m.name] ?? '');
}

/** True when `labels` satisfy every matcher (an empty list matches everything). */
export function matchesAll(ms: readonly Matcher[], labels: LabelSet): boolean {
  for (const m of ms) if (!matchesLabels(m, labels)) return false;
  return true;
}

/** Alertmanager's order of matchers (labels.Matchers.Less): by name, then value, then operator. */
export function compareMatchers(a: Matcher, b: Matcher): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return OPS.indexOf(a.type) - OPS.indexOf(b.type);
}

/** The operators in Alertmanager's MatchType order. */
export const OPS: readonly MatchType[] = ['=', '!=', '=~', '!~'];
