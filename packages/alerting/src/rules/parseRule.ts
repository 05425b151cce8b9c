/**
 * One rule of a group, validated as Prometheus' rulefmt does: exactly one of `record`/`alert`,
 * an `expr` Prometheus parses, valid label and annotation names, label and annotation templates
 * that parse as Go templates with Prometheus' functions. Alert names are not validated (Prometheus
 * does not). Recording rules are counted and skipped.
 */
import { prometheusAlertTemplate, TemplateError } from '@golden-signals/go-template';
import type { createChecker } from '../shared/checker.ts';
import type { AlertingRule } from '../types.ts';
import { findPromqlProblem } from './checkPromql.ts';
import { exprPosition } from './exprPosition.ts';
import { clip } from './parseRuleFile.ts';
import { parseSeverity } from './parseSeverity.ts';

type Checker = ReturnType<typeof createChecker>;
type Path = (string | number)[];

/** Where the groups of one file put what they find. */
export interface RuleOutput {
  readonly file: string;
  readonly c: Checker;
  readonly rules: AlertingRule[];
  recordingRules: number;
  /** The file's lines (split on first use), to place PromQL errors. */
  readonly lines: () => readonly string[];
}

/** The group fields a rule inherits. */
export interface GroupContext {
  readonly name: string;
  readonly intervalMs?: number;
  readonly limit?: number;
  readonly queryOffsetMs?: number;
  readonly labels: Record<string, string>;
  /** How many rules of this group carry each alert name so far (keys stay unique). */
  readonly sameName: Map<string, number>;
}

const ALERT_KEYS = ['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations', 'severity'];
const RECORD_KEYS = ['record', 'expr', 'labels'];
/** Prometheus 3.x accepts any UTF-8 label name except the empty one. */
const BAD_LABEL_NAME = /^$/;

/** Parses rule `r` at `rp` into `out`. */
export function parseRule(out: RuleOutput, group: GroupContext, r: unknown, rp: Path): void {
  const { c } = out;
  const rule = c.map(r, rp, true);
  if (!rule) return;
  const isRecord = rule.record !== undefined && rule.record !== null;
  const isAlert = rule.alert !== undefined && rule.alert !== null;
  if (isRecord && isAlert) c.fail(rp, "only one of 'record' and 'alert' must be set");
  if (!isRecord && !isAlert) {
    c.fail(rp, "one of 'record' or 'alert' must be set");
    return;
  }
  if (isRecord) {
    c.keys(rule, rp, RECORD_KEYS);
    const record = c.str(rule, 'record', rp, true);
    if (record !== undefined && /[{}]/.test(record))
      c.fail(
        [...rp, 'record'],
        `braces present in the recording rule name; should it be in expr?: ${clip(record)}`,
      );
    checkExpr(out, rule, rp);
    checkLabelNames(c, c.strMap(rule, 'labels', rp) ?? {}, [...rp, 'labels']);
    out.recordingRules++;
    return;
  }
  parseAlert(out, group, rule, rp);
}

function parseAlert(out: RuleOutput, group: GroupContext, rule: Record<string, unknown>, rp: Path): void {
  const { c } = out;
  c.keys(rule, rp, ALERT_KEYS);
  const alert = c.str(rule, 'alert', rp, true);
  const expr = checkExpr(out, rule, rp);
  const forMs = c.duration(rule, 'for', rp) ?? 0;
  const keepFiringForMs = c.duration(rule, 'keep_firing_for', rp) ?? 0;
  const ruleLabels = c.strMap(rule, 'labels', rp) ?? {};
  const labels = { ...group.labels, ...ruleLabels };
  const annotations = c.strMap(rule, 'annotations', rp) ?? {};
  checkLabelNames(c, ruleLabels, [...rp, 'labels']);
  checkLabelNames(c, annotations, [...rp, 'annotations']);
  if (alert !== undefined) {
    checkTemplates(c, alert, ruleLabels, [...rp, 'labels'], 'label');
    checkTemplates(c, alert, annotations, [...rp, 'annotations'], 'annotation');
  }
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
    ...(group.limit ? { limit: group.limit } : {}),
    ...(group.queryOffsetMs ? { queryOffsetMs: group.queryOffsetMs } : {}),
  });
}

/** The expression, or undefined with an issue at the character Prometheus' parser stops at. */
function checkExpr(out: RuleOutput, rule: Record<string, unknown>, rp: Path): string | undefined {
  const { c } = out;
  if (rule.expr === undefined || rule.expr === null || rule.expr === '') {
    c.fail([...rp, 'expr'], "field 'expr' must be set in rule");
    return undefined;
  }
  const expr = c.str(rule, 'expr', rp, true);
  if (expr === undefined) return undefined;
  const p = findPromqlProblem(expr);
  if (!p) return expr;
  const key = c.loc.locate([...rp, 'expr']);
  const at = exprPosition(out.lines(), key, p);
  c.issues.push({
    file: c.loc.file,
    line: at.line,
    column: at.column,
    field: `${fieldOf(rp)}.expr`,
    message: `could not parse expression: ${p.line}:${p.column}: parse error: ${p.message}`,
  });
  return undefined;
}

function fieldOf(rp: Path): string {
  return rp
    .map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`))
    .join('')
    .replace(/^\./, '');
}

function checkLabelNames(c: Checker, values: Record<string, string>, path: Path): void {
  for (const k of Object.keys(values)) {
    if (BAD_LABEL_NAME.test(k)) c.fail([...path, k], `invalid label name: ${clip(k)}`);
  }
}

/** Each label and annotation must parse as Prometheus parses it (promtool's wording). */
function checkTemplates(
  c: Checker,
  alert: string,
  values: Record<string, string>,
  path: Path,
  what: string,
): void {
  for (const [k, v] of Object.entries(values)) {
    const t = prometheusAlertTemplate(v, alert);
    if (t instanceof TemplateError) c.fail([...path, k], `${what} "${clip(k)}": ${clip(t.message)}`);
  }
}
