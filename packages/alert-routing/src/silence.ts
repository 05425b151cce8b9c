import { type Matcher, MatcherError, matchesValue, newMatcher } from './matcher.ts';

/** The parts of a silence that are validated. Times are epoch milliseconds. */
export interface SilenceDraft {
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
}

/** Options of {@link validateSilence}. */
export interface SilenceRules {
  /**
   * `alertmanager`: exactly Alertmanager's silence-store rules. `strict` (the default) adds what a
   * pager needs on top: no silence of every alert through a label every alert carries
   * (`alertname=~".+"`), an end within `maxEndsAt`, and an end not already past.
   */
  readonly policy?: 'alertmanager' | 'strict';
  /** Latest accepted `endsAt` (strict); defaults to 366 days after `now`. */
  readonly maxEndsAt?: number;
  /** The clock (strict). */
  readonly now?: number;
  /** Labels every alert carries with a non-empty value (strict); default `['alertname']`. */
  readonly alwaysPresent?: readonly string[];
}

const DAY_MS = 86_400_000;
/** Values a real alert name could have; a regex accepting all of them accepts every alert. */
const PROBES = ['a', 'Z', '0', 'HighErrorRate', 'high_error_rate', 'x-y.z:w', 'Äö ü', 'a'.repeat(300)];

/**
 * True when the matcher matches the empty string, as Alertmanager's matchesEmpty: only `=` and
 * `=~` can; `!=` and `!~` count as not matching it.
 */
export function matchesEmpty(m: Matcher): boolean {
  if (m.type === '=') return m.value === '';
  if (m.type === '=~') return matchesValue(m, '');
  return false;
}

/** True when a matcher on an always-present label lets every plausible value through. */
function acceptsEveryValue(m: Matcher): boolean {
  return PROBES.every((p) => matchesValue(m, p));
}

function alertmanagerProblems(s: SilenceDraft): string[] {
  const problems: string[] = [];
  if (s.matchers.length === 0) problems.push('at least one matcher is required');
  for (const [i, m] of s.matchers.entries()) {
    try {
      if (m.name === '') throw new MatcherError('invalid label name ""');
      newMatcher(m.type, m.name, m.value);
    } catch (err) {
      problems.push(`invalid label matcher ${i}: ${(err as Error).message}`);
    }
  }
  if (problems.length === 0 && s.matchers.every(matchesEmpty))
    problems.push('at least one matcher must not match the empty string');
  if (!Number.isFinite(s.startsAt) || s.startsAt <= 0) problems.push('invalid zero start timestamp');
  if (!Number.isFinite(s.endsAt) || s.endsAt <= 0) problems.push('invalid zero end timestamp');
  else if (s.endsAt < s.startsAt) problems.push('end time must not be before start time');
  return problems;
}

function strictProblems(s: SilenceDraft, rules: SilenceRules): string[] {
  const problems: string[] = [];
  const always = new Set(rules.alwaysPresent ?? ['alertname']);
  const everyAlert = s.matchers.every((m) => matchesEmpty(m) || (always.has(m.name) && acceptsEveryValue(m)));
  if (s.matchers.length > 0 && everyAlert)
    problems.push(
      `these matchers match every alert (${[...always].join(', ')} is on every alert); add a matcher that narrows the silence`,
    );
  const now = rules.now ?? Date.now();
  const max = rules.maxEndsAt ?? now + 366 * DAY_MS;
  if (Number.isFinite(s.endsAt) && s.endsAt > max)
    problems.push(
      `end time ${new Date(s.endsAt).toISOString()} is after the latest allowed, ${new Date(max).toISOString()}`,
    );
  if (Number.isFinite(s.endsAt) && s.endsAt > 0 && s.endsAt <= now) problems.push('end time is already past');
  return problems;
}

/**
 * Checks a silence and returns the problems (empty when valid). Alertmanager's rules (silence
 * store): at least one matcher; each valid, regexes compiling on RE2; at least one matcher that
 * does not match the empty string (so `foo=~".*"` alone cannot mute everything); a start and an
 * end, the end not before the start. The `strict` policy adds the checks in {@link SilenceRules}.
 */
export function validateSilence(s: SilenceDraft, rules: SilenceRules = {}): string[] {
  const problems = alertmanagerProblems(s);
  if ((rules.policy ?? 'strict') === 'strict' && problems.length === 0)
    problems.push(...strictProblems(s, rules));
  return problems;
}
