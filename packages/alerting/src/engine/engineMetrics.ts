/**
 * The engine's own metrics, kept as plain counters and rendered in the Prometheus text format
 * (names in @golden-signals/conventions). No client library: a handful of series, rendered on scrape.
 */
import { ALERTING_CYCLE_BUCKETS, ALERTING_METRICS as M } from '@golden-signals/conventions';
import type { AlertRecord } from '../core/alertRecord.ts';

/** Mutable metric state of one engine. */
export interface EngineMetrics {
  evaluations: Map<string, number>;
  failures: Map<string, number>;
  events: Map<string, number>;
  cycleBuckets: number[];
  cycleSum: number;
  cycleCount: number;
  lastEngineSeconds: number;
  rulesLoaded: number;
  reloadOk: boolean;
  datasourceUp: boolean;
  stateCorrupt: number;
}

/** Fresh metric state. */
export function createEngineMetrics(): EngineMetrics {
  return {
    evaluations: new Map(),
    failures: new Map(),
    events: new Map(),
    cycleBuckets: ALERTING_CYCLE_BUCKETS.map(() => 0),
    cycleSum: 0,
    cycleCount: 0,
    lastEngineSeconds: 0,
    rulesLoaded: 0,
    reloadOk: true,
    datasourceUp: true,
    stateCorrupt: 0,
  };
}

/** Adds `by` to the counter at `key`. */
export function inc(m: Map<string, number>, key: string, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/** Records one cycle's duration. */
export function observeCycle(m: EngineMetrics, seconds: number): void {
  ALERTING_CYCLE_BUCKETS.forEach((b, i) => {
    if (seconds <= b) m.cycleBuckets[i] = (m.cycleBuckets[i] ?? 0) + 1;
  });
  m.cycleSum += seconds;
  m.cycleCount++;
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function family(name: string, type: string, help: string, lines: string[]): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

/** Renders everything, including the current alerts by state and severity. */
export function renderEngineMetrics(m: EngineMetrics, records: readonly AlertRecord[]): string {
  const byState = new Map<string, number>();
  for (const r of records) if (r.state !== 'resolved') inc(byState, `${r.state}\u0000${r.severity}`);
  const counter = (map: Map<string, number>, label: string) =>
    [...map].map(([k, v]) => `{${label.replace('%s', esc(k))}} ${v}`);
  const buckets = ALERTING_CYCLE_BUCKETS.map(
    (b, i) => `${M.cycleDuration}_bucket{le="${b}"} ${m.cycleBuckets[i]}`,
  );
  return [
    family(
      M.ruleEvaluations,
      'counter',
      'Rule evaluations by group.',
      counter(m.evaluations, 'rule_group="%s"').map((l) => M.ruleEvaluations + l),
    ),
    family(
      M.ruleEvaluationFailures,
      'counter',
      'Failed rule evaluations by group and reason.',
      [...m.failures].map(([k, v]) => {
        const [group, reason] = k.split('\u0000');
        return `${M.ruleEvaluationFailures}{rule_group="${esc(group ?? '')}",reason="${esc(reason ?? '')}"} ${v}`;
      }),
    ),
    family(M.cycleDuration, 'histogram', 'Wall time of one evaluation cycle, queries included.', [
      ...buckets,
      `${M.cycleDuration}_bucket{le="+Inf"} ${m.cycleCount}`,
      `${M.cycleDuration}_sum ${m.cycleSum}`,
      `${M.cycleDuration}_count ${m.cycleCount}`,
    ]),
    family(M.cycleEngineSeconds, 'gauge', 'Engine work in the last cycle, queries excluded.', [
      `${M.cycleEngineSeconds} ${m.lastEngineSeconds}`,
    ]),
    family(
      M.alerts,
      'gauge',
      'Alerts by state and severity.',
      [...byState].map(([k, v]) => {
        const [state, severity] = k.split('\u0000');
        return `${M.alerts}{state="${state}",severity="${esc(severity ?? '')}"} ${v}`;
      }),
    ),
    family(
      M.events,
      'counter',
      'Alert events emitted, by kind.',
      counter(m.events, 'kind="%s"').map((l) => M.events + l),
    ),
    family(M.rulesLoaded, 'gauge', 'Alerting rules loaded.', [`${M.rulesLoaded} ${m.rulesLoaded}`]),
    family(M.configReloadSuccess, 'gauge', '1 when the last config reload succeeded.', [
      `${M.configReloadSuccess} ${m.reloadOk ? 1 : 0}`,
    ]),
    family(M.datasourceUp, 'gauge', '1 when the last cycle could query the data source.', [
      `${M.datasourceUp} ${m.datasourceUp ? 1 : 0}`,
    ]),
    family(M.stateCorrupt, 'counter', 'State files found corrupt and set aside.', [
      `${M.stateCorrupt} ${m.stateCorrupt}`,
    ]),
  ].join('');
}
