/**
 * Label and annotation templates, expanded as Prometheus' rules/alerting.go does, with
 * `@golden-signals/go-template` (Go's text/template and Prometheus' functions): `$labels` is the
 * series' labels (sorted, as Go prints maps), `$value`, `$externalLabels`, `$externalURL`, and
 * `query` goes to the rule's own data source. A template that fails at render time yields what
 * Prometheus stores: `<error expanding template: ...>` (the issue asked for the raw text; we
 * follow Prometheus), and the error is reported to the caller to log once.
 */
import {
  alertTemplateData,
  execute,
  type FuncMap,
  prometheusAlertTemplate,
  prometheusFuncs,
  type QueryFunction,
  type Template,
  TemplateError,
} from '@golden-signals/go-template';
import type { AlertingRule } from '../types.ts';

/** What templates see besides the sample: from the config and the data source. */
export interface TemplateEnv {
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  /** Answers `query "..."` in templates (an instant query at the evaluation time). */
  readonly query?: QueryFunction;
}

/** One sample's alert labels and annotations after expansion. */
export interface Expanded {
  /** Series labels without __name__, the rule's labels (expanded) over them, and alertname. */
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** Render errors (Prometheus' wording), for the caller to log. */
  readonly errors: readonly string[];
}

const parsed = new Map<string, Template | TemplateError>();
const MAX_CACHED = 20_000;

function parseCached(text: string, ruleName: string): Template | TemplateError {
  const key = `${ruleName}\u0000${text}`;
  let t = parsed.get(key);
  if (!t) {
    if (parsed.size >= MAX_CACHED) parsed.clear();
    t = prometheusAlertTemplate(text, ruleName);
    parsed.set(key, t);
  }
  return t;
}

/** The funcs of one rule's evaluation (`now` and `query` are at `nowMs`). */
export function templateFuncs(env: TemplateEnv, nowMs: number): FuncMap {
  return prometheusFuncs({ nowMs, externalURL: env.externalURL, ...(env.query ? { query: env.query } : {}) });
}

/** Expands one text; `data` is Prometheus' AlertTemplateData for the sample. */
async function expandOne(
  text: string,
  ruleName: string,
  data: ReturnType<typeof alertTemplateData>,
  funcs: FuncMap,
  errors: string[],
): Promise<string> {
  if (!text.includes('{{')) return text;
  const name = `__alert_${ruleName}`;
  const t = parseCached(text, ruleName);
  let error: string;
  if (t instanceof TemplateError) error = `error parsing template ${name}: ${t.message}`;
  else {
    const out = await execute(t, data, { funcs });
    if (typeof out === 'string') return out;
    error = `error executing template ${name}: ${out.message}`;
  }
  errors.push(error);
  return `<error expanding template: ${error}>`;
}

/** Expands a rule's labels and annotations for one series, as Prometheus does each evaluation. */
export async function expandAlert(
  rule: AlertingRule,
  series: Readonly<Record<string, string>>,
  value: number,
  env: TemplateEnv,
  funcs: FuncMap,
): Promise<Expanded> {
  const errors: string[] = [];
  const data = alertTemplateData(series, env.externalLabels, env.externalURL, value);
  const labels = seriesLabels(series);
  for (const [k, v] of Object.entries(rule.labels)) {
    const text = await expandOne(v, rule.name, data, funcs, errors);
    // Prometheus' label builder drops a label set to the empty string.
    if (text === '') delete labels[k];
    else labels[k] = text;
  }
  labels.alertname = rule.name;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(rule.annotations))
    annotations[k] = await expandOne(v, rule.name, data, funcs, errors);
  return { labels, annotations, errors };
}

/** Whether any label or annotation of the rule is a template (else expansion is a copy). */
export function hasTemplates(rule: AlertingRule): boolean {
  for (const v of Object.values(rule.labels)) if (v.includes('{{')) return true;
  for (const v of Object.values(rule.annotations)) if (v.includes('{{')) return true;
  return false;
}

/** Expansion of a rule without templates (no awaiting): the same result, computed directly. */
export function expandPlain(rule: AlertingRule, series: Readonly<Record<string, string>>): Expanded {
  const labels = seriesLabels(series);
  for (const [k, v] of Object.entries(rule.labels)) {
    if (v === '') delete labels[k];
    else labels[k] = v;
  }
  labels.alertname = rule.name;
  return { labels, annotations: { ...rule.annotations }, errors: [] };
}

function seriesLabels(series: Readonly<Record<string, string>>): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(series)) if (k !== '__name__') labels[k] = v;
  return labels;
}
