import type { QueryOutcome } from '../core/evaluateRule.ts';
import type { Expanded } from '../core/template.ts';
import { type PrometheusClient, QueryError, type Sample } from '../prometheus/client.ts';
import type { Logger } from '../shared/log.ts';
import type { AlertingRule } from '../types.ts';
import { inc } from './engineMetrics.ts';
import type { EngineState } from './engineState.ts';
import { mapLimit } from './mapLimit.ts';

/** One rule's query results for this cycle. */
export interface Outcome {
  readonly rule: AlertingRule;
  readonly result: QueryOutcome & { kind?: string };
  readonly context: Array<Sample[] | undefined>;
  /** Each sample's expanded labels and annotations (set by expandOutcomes.ts). */
  expanded?: Expanded[];
}

/** What querying the due rules found. */
export interface Queried {
  readonly outcomes: Outcome[];
  /** Queries that failed for data-source reasons (not a bad query). */
  readonly dsFailures: number;
  readonly failedRules: number;
}

/** Default of `max_series_per_rule`: beyond it a result is refused (and state held), not evaluated. */
export const DEFAULT_MAX_SERIES_PER_RULE = 200_000;

async function query(
  client: PrometheusClient,
  expr: string,
  time: number | undefined,
): Promise<QueryOutcome & { kind?: string }> {
  try {
    return { ok: true, samples: await client.query(expr, time) };
  } catch (err) {
    const kind = err instanceof QueryError ? err.kind : 'unreachable';
    return { ok: false, error: (err as Error).message, kind };
  }
}

/** A result over the per-rule series limit fails the rule, naming it (the state is held). */
function tooMany(rule: AlertingRule, r: Outcome['result'], max: number): Outcome['result'] {
  if (!r.ok || r.samples.length <= max) return r;
  return {
    ok: false,
    kind: 'series_limit',
    error: `rule ${rule.group}/${rule.name} returned ${r.samples.length} series, more than max_series_per_rule (${max}): narrow its expr or raise the limit`,
  };
}

/** Whether a rule's group is due at `at` (rules without their own interval always are). */
export function due(state: EngineState, rule: AlertingRule, at: number): boolean {
  if (rule.intervalMs === undefined) return true;
  const lastAt = state.groupEvaluatedAt[rule.group];
  // Half an engine interval of slack so a 30s group on a 15s engine runs every other cycle.
  return lastAt === undefined || at - lastAt >= rule.intervalMs - state.settings.evaluationIntervalMs / 2;
}

/** Logs a failed rule once per outage (1,000 rules at 15 s would be 4,000 lines a minute) and counts it. */
function noteResult(
  state: EngineState,
  log: Logger,
  rule: AlertingRule,
  result: Outcome['result'],
  at: number,
): void {
  state.ruleHealth.set(rule.key, result.ok ? { at } : { at, error: result.error });
  if (!result.ok) {
    inc(state.metrics.failures, `${rule.group}\u0000${result.kind}`);
    const repeat = state.failing.get(rule.key) === result.kind;
    state.failing.set(rule.key, result.kind ?? 'error');
    log[repeat ? 'debug' : 'warn']('rule evaluation failed: state held', {
      rule: rule.name,
      group: rule.group,
      reason: result.kind,
      error: result.error,
    });
  } else if (state.failing.delete(rule.key))
    log.debug('rule evaluation recovered', { rule: rule.name, group: rule.group });
  inc(state.metrics.evaluations, rule.group);
}

/** Queries every due rule (and its context conditions), counting data-source failures. */
export async function queryRules(
  state: EngineState,
  client: PrometheusClient,
  log: Logger,
  rules: readonly AlertingRule[],
  at?: number,
): Promise<Queried> {
  let dsFailures = 0;
  let failedRules = 0;
  const maxSeries = state.settings.maxSeriesPerRule ?? DEFAULT_MAX_SERIES_PER_RULE;
  const outcomes = await mapLimit(rules, state.settings.queryConcurrency, async (rule): Promise<Outcome> => {
    // A group's query_offset asks for the data that long ago, as Prometheus 3.x does.
    const time = at === undefined ? undefined : at - (rule.queryOffsetMs ?? 0);
    const result = tooMany(rule, await query(client, rule.expr, time), maxSeries);
    let context: Array<Sample[] | undefined> = [];
    const whens = rule.severity?.context ?? [];
    const hasPrev = (state.byRule.get(rule.key)?.length ?? 0) > 0;
    if (result.ok && whens.some((w) => w.when) && (result.samples.length > 0 || hasPrev)) {
      context = await Promise.all(
        whens.map(async (w) => {
          if (!w.when) return undefined;
          const r = await query(client, w.when, time);
          if (!r.ok && r.kind !== 'bad_query') dsFailures++;
          return r.ok ? [...r.samples] : undefined;
        }),
      );
    }
    if (!result.ok) {
      failedRules++;
      // The rule's own fault, not the data source's.
      if (result.kind !== 'bad_query' && result.kind !== 'series_limit') dsFailures++;
    }
    noteResult(state, log, rule, result, at ?? Date.now());
    return { rule, result, context };
  });
  return { outcomes, dsFailures, failedRules };
}
