/**
 * Reads a Prometheus rule file unchanged (groups, interval, alert, expr, for, keep_firing_for,
 * labels, annotations) plus the `severity:` extension. Recording rules are accepted and skipped
 * (Prometheus evaluates those). Every problem is reported, with file:line:column and field.
 */

import type { ConfigIssue } from '@golden-signals/config-issues';
import { parseYamlFile } from '@golden-signals/config-issues';
import { compileTemplate } from '../core/template.ts';
import { createChecker } from '../shared/checker.ts';
import type { AlertingRule } from '../types.ts';
import { checkPromql } from './checkPromql.ts';
import { parseSeverity } from './parseSeverity.ts';

/** What a rule file yields. */
export interface ParsedRuleFile {
  readonly rules: AlertingRule[];
  /** Recording rules seen (skipped: Prometheus evaluates them). */
  readonly recordingRules: number;
  readonly issues: ConfigIssue[];
}

const GROUP_KEYS = ['name', 'interval', 'limit', 'query_offset', 'labels', 'rules'];
const ALERT_KEYS = ['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations', 'severity'];
const RECORD_KEYS = ['record', 'expr', 'labels'];
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Parses the rule file `file` whose contents are `text`. */
export function parseRuleFile(file: string, text: string): ParsedRuleFile {
  const y = parseYamlFile(file, text);
  if (y.issues.length) return { rules: [], recordingRules: 0, issues: y.issues };
  const c = createChecker(y.loc);
  const out: GroupOutput = { file, c, rules: [], recordingRules: 0 };
  const top = c.map(y.value, [], true);
  if (!top) return { rules: out.rules, recordingRules: 0, issues: c.issues };
  c.keys(top, [], ['groups']);
  if (!Array.isArray(top.groups)) {
    c.fail(['groups'], 'expected a list of rule groups (groups: [{ name, rules }])');
    return { rules: out.rules, recordingRules: 0, issues: c.issues };
  }
  const groupNames = new Set<string>();
  top.groups.forEach((g, gi) => {
    parseGroup(out, g, ['groups', gi], groupNames);
  });
  return { rules: out.rules, recordingRules: out.recordingRules, issues: c.issues };
}

type Checker = ReturnType<typeof createChecker>;
type Path = (string | number)[];

/** Where the groups of one file put what they find. */
interface GroupOutput {
  readonly file: string;
  readonly c: Checker;
  readonly rules: AlertingRule[];
  recordingRules: number;
}

/** The group fields a rule inherits. */
interface GroupContext {
  readonly name: string;
  readonly intervalMs: number | undefined;
  readonly labels: Record<string, string>;
  /** How many rules of this group carry each alert name so far (keys stay unique). */
  readonly sameName: Map<string, number>;
}

function parseGroup(out: GroupOutput, g: unknown, gp: Path, groupNames: Set<string>): void {
  const { c } = out;
  const group = c.map(g, gp, true);
  if (!group) return;
  c.keys(group, gp, GROUP_KEYS);
  const name = c.str(group, 'name', gp, true) ?? '';
  if (groupNames.has(name)) c.fail([...gp, 'name'], `duplicate group name '${name}' in this file`);
  groupNames.add(name);
  const intervalMs = c.duration(group, 'interval', gp);
  const labels = c.strMap(group, 'labels', gp) ?? {};
  if (!Array.isArray(group.rules)) {
    c.fail([...gp, 'rules'], 'expected a list of rules');
    return;
  }
  const ctx: GroupContext = { name, intervalMs, labels, sameName: new Map() };
  group.rules.forEach((r, ri) => {
    parseRule(out, ctx, r, [...gp, 'rules', ri]);
  });
}

function parseRule(out: GroupOutput, group: GroupContext, r: unknown, rp: Path): void {
  const { c } = out;
  const rule = c.map(r, rp, true);
  if (!rule) return;
  if (rule.record !== undefined) {
    c.keys(rule, rp, RECORD_KEYS);
    c.str(rule, 'record', rp, true);
    checkExpr(c, rule, rp);
    out.recordingRules++;
    return;
  }
  c.keys(rule, rp, ALERT_KEYS);
  const alert = c.str(rule, 'alert', rp, true);
  if (alert !== undefined && !LABEL_NAME.test(alert)) {
    c.fail([...rp, 'alert'], `invalid alert name '${alert}': expected letters, digits and _`);
  }
  const expr = checkExpr(c, rule, rp);
  const forMs = c.duration(rule, 'for', rp) ?? 0;
  const keepFiringForMs = c.duration(rule, 'keep_firing_for', rp) ?? 0;
  const labels = { ...group.labels, ...(c.strMap(rule, 'labels', rp) ?? {}) };
  const annotations = c.strMap(rule, 'annotations', rp) ?? {};
  for (const k of Object.keys(labels)) {
    if (!LABEL_NAME.test(k)) c.fail([...rp, 'labels', k], `invalid label name '${k}'`);
  }
  checkTemplates(c, labels, [...rp, 'labels']);
  checkTemplates(c, annotations, [...rp, 'annotations']);
  const severity =
    rule.severity === undefined ? undefined : parseSeverity(c, rule.severity, [...rp, 'severity']);
  if (severity?.tiers.length && labels.severity !== undefined) {
    c.fail([...rp, 'labels', 'severity'], 'labels.severity conflicts with severity tiers: remove one');
  }
  if (!alert || expr === undefined) return;
  const n = group.sameName.get(alert) ?? 0;
  group.sameName.set(alert, n + 1);
  out.rules.push({
    key: `${group.name}/${alert}#${n}`,
    name: alert,
    group: group.name,
    file: out.file,
    line: c.loc.locate(rp).line,
    expr,
    forMs,
    keepFiringForMs,
    labels,
    annotations,
    ...(severity ? { severity } : {}),
    ...(group.intervalMs !== undefined ? { intervalMs: group.intervalMs } : {}),
  });
}

function checkExpr(
  c: ReturnType<typeof createChecker>,
  rule: Record<string, unknown>,
  rp: (string | number)[],
) {
  const expr = c.str(rule, 'expr', rp, true);
  if (expr === undefined) return undefined;
  const err = checkPromql(expr);
  if (err) {
    c.fail([...rp, 'expr'], err);
    return undefined;
  }
  return expr;
}

function checkTemplates(
  c: ReturnType<typeof createChecker>,
  values: Record<string, string>,
  path: (string | number)[],
): void {
  for (const [k, v] of Object.entries(values)) {
    try {
      compileTemplate(v);
    } catch (err) {
      c.fail([...path, k], `template: ${(err as Error).message}`);
    }
  }
}
