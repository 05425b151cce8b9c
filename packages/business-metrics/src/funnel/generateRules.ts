import {
  ATTR,
  BUSINESS_EVENTS,
  BUSINESS_REVENUE,
  BUSINESS_RULE_LABELS,
  BUSINESS_RULE_WINDOWS,
  BUSINESS_RULES,
  type BusinessRuleWindow,
  HTTP_SERVER_DURATION,
  labelName,
  SERVICE_NAME_LABEL,
} from '@golden-signals/conventions';
import type { Funnel, FunnelSpec, RevenueSpec } from './funnelSpec.ts';

/** One Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** One Prometheus rule group. */
export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly RecordingRule[];
}

const EVENTS = BUSINESS_EVENTS.prometheus;
const REVENUE = BUSINESS_REVENUE.prometheus;
const REQUESTS = `${HTTP_SERVER_DURATION.prometheus}_count`;
const EVENT = labelName(ATTR.BUSINESS_EVENT);
const CURRENCY = labelName(ATTR.CURRENCY);
const ROUTE = labelName(ATTR.HTTP_ROUTE);
const ERROR_TYPE = labelName(ATTR.ERROR_TYPE);
const BY_SERVICE = `sum by (${SERVICE_NAME_LABEL})`;
/** The window of the average order value that revenue at risk multiplies by (see BUSINESS_RULES). */
const AT_RISK_AOV_WINDOW: BusinessRuleWindow = '1d';

/** A PromQL string literal (Go escaping, which JSON's matches for these characters). */
function str(s: string): string {
  return JSON.stringify(s);
}

function eventRate(event: string, w: string): string {
  return `${BY_SERVICE} (rate(${EVENTS}{${EVENT}=${str(event)}}[${w}]))`;
}

/**
 * `to` events per `from` event. No `to` events yet reads 0 (`or 0 * from`), and a window with no
 * `from` events reads nothing rather than NaN (`> 0`), so alerts and dashboards see honest values.
 */
function ratio(from: string, to: string, w: string): string {
  return `(\n  ${eventRate(to, w)}\n  or 0 * ${eventRate(from, w)}\n)\n/ (${eventRate(from, w)} > 0)`;
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}

function stepLabels(funnel: string, from: string, to: string): Record<string, string> {
  return {
    [BUSINESS_RULE_LABELS.FUNNEL]: funnel,
    [BUSINESS_RULE_LABELS.FROM_STEP]: from,
    [BUSINESS_RULE_LABELS.TO_STEP]: to,
  };
}

function funnelRules(f: Funnel, w: BusinessRuleWindow): RecordingRule[] {
  const rules: RecordingRule[] = [];
  for (let i = 1; i < f.steps.length; i++) {
    const from = f.steps[i - 1]!;
    const to = f.steps[i]!;
    rules.push({
      record: BUSINESS_RULES.STEP_CONVERSION[w],
      expr: ratio(from, to, w),
      labels: stepLabels(f.name, from, to),
    });
  }
  const first = f.steps[0]!;
  const last = f.steps[f.steps.length - 1]!;
  rules.push({
    record: BUSINESS_RULES.FUNNEL_CONVERSION[w],
    expr: ratio(first, last, w),
    labels: stepLabels(f.name, first, last),
  });
  if (f.abandonment) {
    const { from, to } = f.abandonment;
    rules.push({
      record: BUSINESS_RULES.ABANDONMENT[w],
      expr: `1 - (\n${indent(ratio(from, to, w))}\n)`,
      labels: stepLabels(f.name, from, to),
    });
  }
  return rules;
}

/** Failed checkout requests per second: error_type set means 5xx, timeout or aborted. 0, not absent, when none failed. */
function checkoutErrors(r: RevenueSpec, w: string): string {
  const route = `${ROUTE}=~${str(r.checkout_route)}`;
  return [
    `${BY_SERVICE} (rate(${REQUESTS}{${route},${ERROR_TYPE}!=""}[${w}]))`,
    `or 0 * ${BY_SERVICE} (rate(${REQUESTS}{${route}}[${w}]))`,
  ].join('\n');
}

function revenueRules(r: RevenueSpec, w: BusinessRuleWindow): RecordingRule[] {
  const byServiceCurrency = `sum by (${SERVICE_NAME_LABEL}, ${CURRENCY})`;
  return [
    { record: BUSINESS_RULES.REVENUE_RATE[w], expr: `${byServiceCurrency} (rate(${REVENUE}[${w}]))` },
    {
      record: BUSINESS_RULES.AVERAGE_ORDER_VALUE[w],
      expr: `${byServiceCurrency} (rate(${REVENUE}[${w}]))\n/ on (${SERVICE_NAME_LABEL}) group_left ()\n(${eventRate(r.purchase_event, w)} > 0)`,
    },
    { record: BUSINESS_RULES.CHECKOUT_ERROR_RATE[w], expr: checkoutErrors(r, w) },
  ];
}

/**
 * The recording rules of a funnel spec: one group per window (event rates, step and funnel
 * conversion, abandonment, revenue rate, average order value, checkout errors), then one group for
 * revenue at risk, which multiplies each window's checkout error rate by the day's average order
 * value. Pure: same spec, same rules (the committed rule file is checked against it).
 */
export function generateRules(spec: FunnelSpec): RuleGroup[] {
  const interval = spec.interval ? { interval: spec.interval } : {};
  const groups: RuleGroup[] = BUSINESS_RULE_WINDOWS.map((w) => ({
    name: `business.${w}`,
    ...interval,
    rules: [
      {
        record: BUSINESS_RULES.EVENT_RATE[w],
        expr: `sum by (${SERVICE_NAME_LABEL}, ${EVENT}) (rate(${EVENTS}[${w}]))`,
      },
      ...spec.funnels.flatMap((f) => funnelRules(f, w)),
      ...(spec.revenue ? revenueRules(spec.revenue, w) : []),
    ],
  }));
  if (spec.revenue) {
    groups.push({
      name: 'business.revenue_at_risk',
      ...interval,
      rules: BUSINESS_RULE_WINDOWS.map((w) => ({
        record: BUSINESS_RULES.REVENUE_AT_RISK[w],
        expr: `${BUSINESS_RULES.CHECKOUT_ERROR_RATE[w]}\n* on (${SERVICE_NAME_LABEL}) group_right\n${BUSINESS_RULES.AVERAGE_ORDER_VALUE[AT_RISK_AOV_WINDOW]}`,
      })),
    });
  }
  return groups;
}
