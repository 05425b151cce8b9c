/**
 * Reads a Prometheus rule file as `promtool check rules` does (groups, interval, limit,
 * query_offset, labels; alert, expr, for, keep_firing_for, labels, annotations) plus the
 * `severity:` extension. Recording rules are checked and skipped (Prometheus evaluates them).
 * YAML as Go's decoder reads it: merge keys resolve, only the first document counts, an empty
 * file or rule list is fine. Every problem is reported, with file:line:column and field.
 */

import type { ConfigIssue } from '@golden-signals/config-issues';
import { parseYamlFile } from '@golden-signals/config-issues';
import { createChecker } from '../shared/checker.ts';
import type { AlertingRule } from '../types.ts';
import { type GroupContext, parseRule, type RuleOutput } from './parseRule.ts';

/** What a rule file yields. */
export interface ParsedRuleFile {
  readonly rules: AlertingRule[];
  /** Recording rules seen (skipped: Prometheus evaluates them). */
  readonly recordingRules: number;
  readonly issues: ConfigIssue[];
}

/** Prometheus 3.x's group fields (2.42 lacks `query_offset` and `labels`). */
const GROUP_KEYS = ['name', 'interval', 'limit', 'query_offset', 'labels', 'rules'];
/** Longest message kept (values are clipped where quoted; this is the last guard). */
const MAX_MESSAGE = 400;

type Path = (string | number)[];

/** Parses the rule file `file` whose contents are `text`. */
export function parseRuleFile(file: string, text: string): ParsedRuleFile {
  const y = parseYamlFile(file, text, { merge: true, firstDocumentOnly: true });
  if (y.issues.length) return { rules: [], recordingRules: 0, issues: y.issues.map(clipIssue) };
  const c = createChecker(y.loc);
  let lines: string[] | undefined;
  const out: RuleOutput = {
    file,
    c,
    rules: [],
    recordingRules: 0,
    lines: () => {
      lines ??= text.split('\n');
      return lines;
    },
  };
  const done = (): ParsedRuleFile => ({
    rules: out.rules,
    recordingRules: out.recordingRules,
    issues: c.issues.map(clipIssue),
  });
  // An empty file (or one holding only comments) has no groups, as for promtool.
  if (y.value === null || y.value === undefined) return done();
  const top = c.map(y.value, [], true);
  if (!top) return done();
  c.keys(top, [], ['groups']);
  if (top.groups === undefined || top.groups === null) return done();
  if (!Array.isArray(top.groups)) {
    c.fail(['groups'], 'expected a list of rule groups (groups: [{ name, rules }])');
    return done();
  }
  const groupNames = new Set<string>();
  top.groups.forEach((g, gi) => {
    parseGroup(out, g, ['groups', gi], groupNames);
  });
  return done();
}

function parseGroup(out: RuleOutput, g: unknown, gp: Path, groupNames: Set<string>): void {
  const { c } = out;
  const group = c.map(g, gp, true);
  if (!group) return;
  c.keys(group, gp, GROUP_KEYS);
  const name = c.str(group, 'name', gp, true) ?? '';
  if (groupNames.has(name))
    c.fail([...gp, 'name'], `groupname: "${clip(name)}" is repeated in the same file`);
  groupNames.add(name);
  const intervalMs = c.duration(group, 'interval', gp);
  const limit = c.int(group, 'limit', gp, 0);
  const queryOffsetMs = c.duration(group, 'query_offset', gp);
  const labels = c.strMap(group, 'labels', gp) ?? {};
  if (group.rules === undefined || group.rules === null) return;
  if (!Array.isArray(group.rules)) {
    c.fail([...gp, 'rules'], 'expected a list of rules');
    return;
  }
  const ctx: GroupContext = {
    name,
    labels,
    sameName: new Map(),
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    ...(limit ? { limit } : {}),
    ...(queryOffsetMs ? { queryOffsetMs } : {}),
  };
  group.rules.forEach((r, ri) => {
    parseRule(out, ctx, r, [...gp, 'rules', ri]);
  });
}

/** At most ~200 characters of a value quoted in a message. */
export function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}... (${text.length} characters)` : text;
}

function clipIssue(i: ConfigIssue): ConfigIssue {
  const field = i.field.length > MAX_MESSAGE ? clip(i.field) : i.field;
  const message = i.message.length > MAX_MESSAGE ? clip(i.message) : i.message;
  return field === i.field && message === i.message ? i : { ...i, field, message };
}
