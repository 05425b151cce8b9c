/**
 * Before a cycle is evaluated: expands each due rule's label and annotation templates for every
 * series it returned (Prometheus expands them at every evaluation), with `query` going to the
 * engine's data source at the evaluation time. A render error is logged once per rule and error
 * text until the rule renders cleanly again (1,000 alerts failing alike would be 1,000 lines).
 */
import {
  type Expanded,
  expandAlert,
  hasTemplates,
  type TemplateEnv,
  templateFuncs,
} from '../core/template.ts';
import type { PrometheusClient } from '../prometheus/client.ts';
import type { Logger } from '../shared/log.ts';
import type { EngineSettings } from './engine.ts';
import type { Outcome } from './queryRules.ts';

/** Expands templates for `outcomes` in place (`outcome.expanded`); remembers logged errors in `logged`. */
export async function expandOutcomes(
  outcomes: Outcome[],
  settings: EngineSettings,
  client: PrometheusClient,
  log: Logger,
  at: number,
  logged: Map<string, string>,
): Promise<void> {
  const env: TemplateEnv = {
    externalLabels: settings.prometheus.externalLabels ?? {},
    externalURL: settings.prometheus.externalUrl,
    query: (q, timeMs) => client.query(q, timeMs),
  };
  const funcs = templateFuncs(env, at);
  for (const o of outcomes) {
    if (!o.result.ok || !hasTemplates(o.rule)) continue;
    const expanded: Expanded[] = new Array(o.result.samples.length);
    let firstError: string | undefined;
    let i = 0;
    for (const s of o.result.samples) {
      const e = await expandAlert(o.rule, s.labels, s.value, env, funcs);
      firstError ??= e.errors[0];
      expanded[i++] = e;
    }
    o.expanded = expanded;
    noteErrors(o, firstError, log, logged);
  }
}

function noteErrors(o: Outcome, error: string | undefined, log: Logger, logged: Map<string, string>): void {
  const key = o.rule.key;
  if (error === undefined) {
    logged.delete(key);
    return;
  }
  if (logged.get(key) === error) return;
  logged.set(key, error);
  log.warn('template expansion failed: the alert carries <error expanding template: ...>', {
    rule: o.rule.name,
    group: o.rule.group,
    error: error.slice(0, 500),
  });
}
