import { compareMatchers, type Matcher, MatcherError } from './matcher.ts';
import { parseClassicMatcher, parseClassicMatchers } from './parseClassic.ts';
import { parseUtf8Matchers } from './parseUtf8.ts';

/**
 * Which grammar reads matcher text, as Alertmanager's feature flags choose: `fallback` (the
 * default of Alertmanager today: UTF-8, and the classic parser when only it accepts the input or
 * the two disagree), `utf8` (`--enable-feature=utf8-strict-mode`) or `classic`
 * (`--enable-feature=classic-mode`).
 */
export type ParserMode = 'fallback' | 'utf8' | 'classic';

/** What {@link parseMatchers} returns besides the matchers: why the classic reading was used. */
export interface ParseNote {
  /** Set when the input only parses, or parses differently, with the classic grammar. */
  readonly classicFallback?: 'incompatible' | 'disagreement';
}

function same(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.name === b[i]?.name && m.type === b[i]?.type && m.value === b[i]?.value)
  );
}

/**
 * Parses one matcher string (`{a="b", c=~"x"}`, `a=b, c!~"y"`, `"quoted name"="v"`) the way
 * Alertmanager does in `mode`. Throws {@link MatcherError} with Alertmanager's message.
 */
export function parseMatchersWithNote(
  input: string,
  mode: ParserMode = 'fallback',
): { matchers: Matcher[]; note: ParseNote } {
  return fallback(input, mode, parseUtf8Matchers, parseClassicMatchers);
}

/** Alertmanager's fallback: the UTF-8 reading unless only the classic one works or they differ. */
function fallback(
  input: string,
  mode: ParserMode,
  utf8Parse: (s: string) => Matcher[],
  classicParse: (s: string) => Matcher[],
): { matchers: Matcher[]; note: ParseNote } {
  if (mode === 'utf8') return { matchers: utf8Parse(input), note: {} };
  if (mode === 'classic') return { matchers: classicParse(input), note: {} };
  const attempt = (f: (s: string) => Matcher[]): Matcher[] | Error => {
    try {
      return f(input);
    } catch (err) {
      return err as Error;
    }
  };
  const utf8 = attempt(utf8Parse);
  const classic = attempt(classicParse);
  if (utf8 instanceof Error) {
    if (classic instanceof Error) throw classic;
    return { matchers: classic, note: { classicFallback: 'incompatible' } };
  }
  if (!(classic instanceof Error) && !same(utf8, classic))
    return { matchers: classic, note: { classicFallback: 'disagreement' } };
  return { matchers: utf8, note: {} };
}

/** {@link parseMatchersWithNote} without the note. */
export function parseMatchers(input: string, mode: ParserMode = 'fallback'): Matcher[] {
  return parseMatchersWithNote(input, mode).matchers;
}

/**
 * Parses exactly one matcher (a silence's or amtool's single matcher); braces are rejected in
 * the UTF-8 and fallback modes, as in Alertmanager.
 */
export function parseMatcher(input: string, mode: ParserMode = 'fallback'): Matcher {
  if (mode !== 'classic' && (input.startsWith('{') || input.endsWith('}')))
    throw new MatcherError(`unexpected open or close brace: ${input}`);
  const one = (ms: Matcher[]): Matcher[] => {
    if (ms.length === 1) return ms;
    throw new MatcherError(ms.length === 0 ? 'no matchers' : `expected 1 matcher, found ${ms.length}`);
  };
  // As labels.ParseMatcher, the classic reading of one matcher does not split on commas.
  const { matchers } = fallback(
    input,
    mode,
    (s) => one(parseUtf8Matchers(s)),
    (s) => [parseClassicMatcher(s)],
  );
  return matchers[0] as Matcher;
}

/**
 * Reads a config `matchers:` list as Alertmanager does: each string may hold several matchers,
 * and the result is sorted (name, value, operator).
 */
export function parseMatcherList(lines: readonly string[], mode: ParserMode = 'fallback'): Matcher[] {
  return lines.flatMap((line) => parseMatchers(line, mode)).sort(compareMatchers);
}
