import type { IssueList } from './issues.ts';
import { type LabelSet, type Matcher, matchesAll } from './matcher.ts';
import type { ParserMode } from './parseMatchers.ts';
import { legacyMatchers, matcherList, validLabelName } from './route.ts';

/** One inhibition rule: while a source alert fires, targets with the same `equal` labels are muted. */
export interface InhibitRule {
  readonly name?: string;
  /** `source_match`, `source_match_re` and `source_matchers` together. */
  readonly sourceMatchers: readonly Matcher[];
  readonly targetMatchers: readonly Matcher[];
  readonly equal: readonly string[];
}

const KEYS = [
  'name',
  'source_match',
  'source_match_re',
  'source_matchers',
  'target_match',
  'target_match_re',
  'target_matchers',
  'equal',
];

/** Reads `inhibit_rules` as Alertmanager does, legacy `source_match*` / `target_match*` included. */
export function readInhibitRules(r: IssueList, value: unknown, mode: ParserMode): InhibitRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.add(['inhibit_rules'], 'expected a list of inhibit rules');
    return [];
  }
  return value.map((item, i) => {
    const path = ['inhibit_rules', i];
    const o = r.object(item, path, KEYS) ?? {};
    const equal = r.strings(o.equal, [...path, 'equal']) ?? [];
    for (const [j, l] of equal.entries())
      if (!validLabelName(l, mode)) r.add([...path, 'equal', j], `invalid label name "${l}" in equal list`);
    const name = r.scalar(o.name, [...path, 'name']);
    return {
      ...(name ? { name } : {}),
      sourceMatchers: [
        ...legacyMatchers(r, o, 'source_match', 'source_match_re', path),
        ...matcherList(r, o.source_matchers, [...path, 'source_matchers'], mode),
      ],
      targetMatchers: [
        ...legacyMatchers(r, o, 'target_match', 'target_match_re', path),
        ...matcherList(r, o.target_matchers, [...path, 'target_matchers'], mode),
      ],
      equal,
    };
  });
}

/** What {@link inhibitedBy} needs to know of an alert. */
export interface InhibitAlert {
  readonly labels: LabelSet;
  /** True while the alert fires; resolved alerts never inhibit. */
  readonly firing: boolean;
}

/**
 * The first firing alert that mutes `target`, or undefined, with Alertmanager's rule (inhibit.go):
 * the target matches a rule's target matchers; a source matches its source matchers and carries
 * the same value for every `equal` label (missing counts as empty); and when the target itself
 * matches the source matchers too, sources that also match the target matchers are skipped, so an
 * alert matching both sides never mutes itself or its twins.
 */
export function inhibitedBy<A extends InhibitAlert>(
  target: LabelSet,
  alerts: readonly A[],
  rules: readonly InhibitRule[],
): A | undefined {
  for (const rule of rules) {
    if (!matchesAll(rule.targetMatchers, target)) continue;
    const twoSided = matchesAll(rule.sourceMatchers, target);
    for (const source of alerts) {
      if (!source.firing || !matchesAll(rule.sourceMatchers, source.labels)) continue;
      if (twoSided && matchesAll(rule.targetMatchers, source.labels)) continue;
      if (rule.equal.every((l) => (source.labels[l] ?? '') === (target[l] ?? ''))) return source;
    }
  }
  return undefined;
}
