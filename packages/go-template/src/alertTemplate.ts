import type { TemplateError } from './parse.ts';
import { alertTemplateData, prometheusFuncs, type QueryFunction } from './prometheus.ts';
import { execute, parseTemplate, type Template } from './template.ts';

/** The variables Prometheus' rules/alerting.go defines before every label and annotation template. */
export const ALERT_TEMPLATE_HEADER =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

/** What one alert gives its templates. */
export interface AlertTemplateInput {
  /** The alerting rule's name; templates are named `__alert_<name>` as in Prometheus. */
  readonly ruleName: string;
  /** The alert's labels (the series' labels without __name__, as Prometheus passes them). */
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels?: Readonly<Record<string, string>>;
  readonly externalURL?: string;
  /** The sample value ($value). */
  readonly value: number;
  /** Evaluation time in ms since the epoch (for `now` and `query`); defaults to Date.now(). */
  readonly nowMs?: number;
  /** Answers `query` in templates. */
  readonly query?: QueryFunction;
}

/** The template name Prometheus gives a rule's label and annotation templates. */
export function alertTemplateName(ruleName: string): string {
  return `__alert_${ruleName}`;
}

/**
 * Parses an alert label/annotation template the way Prometheus does (header prepended, Prometheus'
 * functions known). The error is what `promtool check rules` prints after `annotation "x": `.
 */
export function prometheusAlertTemplate(text: string, ruleName: string): Template | TemplateError {
  return parseTemplate(ALERT_TEMPLATE_HEADER + text, {
    name: alertTemplateName(ruleName),
    funcs: prometheusFuncs({ nowMs: 0, externalURL: '' }),
  });
}

/** The outcome of expanding one alert template: the text, or Prometheus' error. */
export type AlertExpansion =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      /** Prometheus' error, e.g. `error executing template __alert_X: template: ...`. */
      readonly error: string;
      /** What Prometheus puts in the label or annotation instead: `<error expanding template: ...>`. */
      readonly text: string;
    };

/** Expands a label or annotation template for one alert exactly as Prometheus' Expander.Expand does. */
export async function expandAlertTemplate(text: string, input: AlertTemplateInput): Promise<AlertExpansion> {
  const name = alertTemplateName(input.ruleName);
  const failed = (error: string): AlertExpansion => ({
    ok: false,
    error,
    text: `<error expanding template: ${error}>`,
  });
  const tpl = prometheusAlertTemplate(text, input.ruleName);
  if (!('trees' in tpl)) return failed(`error parsing template ${name}: ${tpl.message}`);
  const externalURL = input.externalURL ?? '';
  const funcs = prometheusFuncs({
    nowMs: input.nowMs ?? Date.now(),
    externalURL,
    ...(input.query ? { query: input.query } : {}),
  });
  const data = alertTemplateData(input.labels, input.externalLabels ?? {}, externalURL, input.value);
  const out = await execute(tpl, data, { funcs });
  if (typeof out !== 'string') return failed(`error executing template ${name}: ${out.message}`);
  return { ok: true, text: out };
}
