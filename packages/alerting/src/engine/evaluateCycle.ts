import { DATASOURCE_DOWN_ALERT } from '@golden-signals/conventions';
import type { AlertEvent } from '../alert.ts';
import type { AlertRecord } from '../core/alertRecord.ts';
import { evaluateRule } from '../core/evaluateRule.ts';
import { appendHistory } from '../core/history.ts';
import { applyRuleLimit } from '../core/ruleLimit.ts';
import { withoutCredentials } from '../shared/redact.ts';
import type { AlertingRule } from '../types.ts';
import type { EngineState } from './engineState.ts';
import type { Outcome } from './queryRules.ts';

/** Rule key of the engine's own AlertingDataSourceDown alert. */
export const DS_RULE_KEY = '__engine__/datasource';

type Base = Omit<Parameters<typeof evaluateRule>[0], 'rule' | 'previous' | 'result' | 'context'>;

/**
 * Evaluates the outcomes into new alert records: the rules queried, the rules not due (kept),
 * the rules gone since a reload (resolved) and the data-source meta-alert. Returns the events.
 * `at` is the wall clock (what people read); `steadyAt` the engine's steady timeline, on which
 * every duration (`for`, keep_firing_for, flap window, data-source grace, group interval) is
 * measured (see RuleInput.steady); it defaults to `at`.
 */
export function evaluateCycle(
  state: EngineState,
  outcomes: readonly Outcome[],
  dsFailures: number,
  at: number,
  historyLimit: number,
  steadyAt: number = at,
): { events: AlertEvent[]; limitErrors: LimitError[] } {
  const { settings } = state;
  const events: AlertEvent[] = [];
  const next = new Map<string, AlertRecord[]>();
  if (dsFailures) state.lastDsFailureAt = steadyAt;
  const base: Base = {
    now: at,
    steady: steadyAt,
    flap: settings.flap,
    resolvedRetentionMs: settings.resolvedRetentionMs,
    generatorURL: (expr) => generatorURL(state, expr),
    // After an outage Prometheus answers empty until it has scraped again: no false resolve.
    holdNoData:
      state.lastDsFailureAt !== undefined &&
      steadyAt - state.lastDsFailureAt < settings.datasourceDownGraceMs,
  };
  // Rules evaluated this cycle, even those left with no records: a pending alert whose result
  // went empty is dropped (as Prometheus does), not restored as "not due".
  const evaluated = new Set<string>();
  const limitErrors: LimitError[] = [];
  for (const { rule, result, context, expanded } of outcomes) {
    const previous = state.byRule.get(rule.key) ?? [];
    const evaluatedRule = evaluateRule({
      ...base,
      rule,
      previous,
      result,
      context,
      ...(expanded ? { expanded } : {}),
    });
    const out = applyRuleLimit(rule.limit, previous, evaluatedRule, at);
    if (out.error) limitErrors.push({ rule, error: out.error });
    evaluated.add(rule.key);
    if (out.records.length) next.set(rule.key, out.records);
    pushAll(events, out.events);
    if (rule.intervalMs !== undefined) state.groupEvaluatedAt[rule.group] = steadyAt;
  }
  carryOver(state, base, next, evaluated, events);
  state.metrics.datasourceUp = dsFailures === 0;
  const ds = evaluateDatasource(state, base, dsFailures);
  if (ds.records.length) next.set(DS_RULE_KEY, ds.records);
  pushAll(events, ds.events);
  state.byRule = next;
  state.history = appendHistory(state.history, events, historyLimit);
  return { events, limitErrors };
}

/** A rule whose group `limit` its alerts exceeded this cycle. */
export interface LimitError {
  readonly rule: AlertingRule;
  readonly error: string;
}

/** Rules not due this cycle keep their records; rules gone since a reload resolve theirs. */
function carryOver(
  state: EngineState,
  base: Base,
  next: Map<string, AlertRecord[]>,
  evaluated: ReadonlySet<string>,
  events: AlertEvent[],
): void {
  const keys = new Set(state.settings.rules.map((r) => r.key));
  for (const [key, records] of state.byRule) {
    if (evaluated.has(key) || key === DS_RULE_KEY) continue;
    if (keys.has(key)) {
      next.set(key, records); // Not due this cycle: unchanged.
      continue;
    }
    // The rule is gone (reload): resolve what it had firing, so nothing stays stuck.
    const gone = evaluateRule({
      ...base,
      holdNoData: false,
      rule: goneRule(key, records),
      previous: records,
      result: { ok: true, samples: [] },
      context: [],
    });
    if (gone.records.length) next.set(key, gone.records);
    pushAll(events, gone.events);
  }
}

/** Appends without spreading: `push(...xs)` overflows the stack past ~125k items. */
function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const x of items) into.push(x);
}

/** The AlertingDataSourceDown meta-alert: firing while queries fail for data-source reasons. */
function evaluateDatasource(state: EngineState, base: Base, dsFailures: number) {
  const url = withoutCredentials(state.settings.prometheus.url);
  return evaluateRule({
    ...base,
    holdNoData: false, // Its own empty result is the recovery.
    rule: dsRule(state, url),
    previous: state.byRule.get(DS_RULE_KEY) ?? [],
    result: { ok: true, samples: dsFailures ? [{ labels: { datasource: url }, value: dsFailures }] : [] },
    context: [],
  });
}

function dsRule(state: EngineState, url: string): AlertingRule {
  return {
    key: DS_RULE_KEY,
    name: DATASOURCE_DOWN_ALERT,
    group: '__engine__',
    file: '(engine)',
    line: 0,
    expr: 'up',
    forMs: state.settings.datasourceDownGraceMs,
    keepFiringForMs: 0,
    labels: { severity: 'critical' },
    annotations: {
      summary: 'The alerting engine cannot query its data source',
      // Written out, not a template: the engine's own alert is not expanded.
      description: `Queries to ${url} are failing; alert states are held (nothing resolves) until they succeed.`,
    },
  };
}

function generatorURL(state: EngineState, expr: string): string {
  const base = state.settings.prometheus.externalUrl.replace(/\/+$/, '');
  return `${base}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
}

/** A stand-in for a rule removed by a reload: evaluating it resolves its alerts. */
function goneRule(key: string, records: readonly AlertRecord[]): AlertingRule {
  return {
    key,
    name: records[0]?.labels.alertname ?? key,
    group: '',
    file: '',
    line: 0,
    expr: '',
    forMs: 0,
    keepFiringForMs: 0,
    labels: {},
    annotations: {},
  };
}
