/**
 * The engine's own metrics, kept as plain counters and rendered in the Prometheus text format
 * (names in @golden-signals/conventions). No client library: a handful of series, rendered on scrape.
 */
import { ALERTING_CYCLE_BUCKETS, ALERTING_METRICS as M } from '@golden-signals/conventions';
import type { AlertRecord } from '../core/alertRecord.ts';
import { renderFamily, type TextSample } from '../shared/promText.ts';

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
  lastCycleSeconds: number;
  intervalSeconds: number;
  iterationsMissed: number;
  /** Whether the last cycle overran its interval (to warn once per overrun streak). */
  overrunning: boolean;
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
    lastCycleSeconds: 0,
    intervalSeconds: 0,
    iterationsMissed: 0,
    overrunning: false,
  };
}

/** Adds `by` to the counter at `key`. */
export function inc(m: Map<string, number>, key: string, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

/**
 * Records one cycle's duration against the interval; returns true when this cycle starts an
 * overrun (the caller warns once, not every cycle of a streak).
 */
export function observeOverrun(m: EngineMetrics, seconds: number, intervalSeconds: number): boolean {
  m.lastCycleSeconds = seconds;
  m.intervalSeconds = intervalSeconds;
  const over = intervalSeconds > 0 && seconds > intervalSeconds;
  if (over) m.iterationsMissed += Math.floor(seconds / intervalSeconds);
  const starts = over && !m.overrunning;
  m.overrunning = over;
  return starts;
}

/** Records one cycle's duration. */
export function observeCycle(m: EngineMetrics, seconds: number): void {
  ALERTING_CYCLE_BUCKETS.forEach((b, i) => {
    if (seconds <= b) m.cycleBuckets[i] = (m.cycleBuckets[i] ?? 0) + 1;
  });
  m.cycleSum += seconds;
  m.cycleCount++;
}

/** Samples of a counter map keyed by label values joined with NUL, labelled with `names`. */
function keyed(map: ReadonlyMap<string, number>, names: readonly string[]): TextSample[] {
  return [...map].map(([k, value]) => {
    const values = k.split('\u0000');
    return { labels: names.map((n, i) => [n, values[i] ?? ''] as const), value };
  });
}

/** Renders everything, including the current alerts by state and severity. */
export function renderEngineMetrics(m: EngineMetrics, records: readonly AlertRecord[]): string {
  const byState = new Map<string, number>();
  for (const r of records) if (r.state !== 'resolved') inc(byState, `${r.state}\u0000${r.severity}`);
  const one = (value: number): TextSample[] => [{ value }];
  const buckets: TextSample[] = ALERTING_CYCLE_BUCKETS.map((b, i) => ({
    suffix: '_bucket',
    labels: [['le', String(b)]],
    value: m.cycleBuckets[i] ?? 0,
  }));
  return [
    renderFamily(
      M.ruleEvaluations,
      'counter',
      'Rule evaluations by group.',
      keyed(m.evaluations, ['rule_group']),
    ),
    renderFamily(
      M.ruleEvaluationFailures,
      'counter',
      'Failed rule evaluations by group and reason.',
      keyed(m.failures, ['rule_group', 'reason']),
    ),
    renderFamily(M.cycleDuration, 'histogram', 'Wall time of one evaluation cycle, queries included.', [
      ...buckets,
      { suffix: '_bucket', labels: [['le', '+Inf']], value: m.cycleCount },
      { suffix: '_sum', value: m.cycleSum },
      { suffix: '_count', value: m.cycleCount },
    ]),
    renderFamily(
      M.cycleEngineSeconds,
      'gauge',
      'Engine work in the last cycle, queries excluded.',
      one(m.lastEngineSeconds),
    ),
    renderFamily(M.alerts, 'gauge', 'Alerts by state and severity.', keyed(byState, ['state', 'severity'])),
    renderFamily(M.events, 'counter', 'Alert events emitted, by kind.', keyed(m.events, ['kind'])),
    renderFamily(M.rulesLoaded, 'gauge', 'Alerting rules loaded.', one(m.rulesLoaded)),
    renderFamily(
      M.configReloadSuccess,
      'gauge',
      '1 when the last config reload succeeded.',
      one(m.reloadOk ? 1 : 0),
    ),
    renderFamily(
      M.datasourceUp,
      'gauge',
      '1 when the last cycle could query the data source.',
      one(m.datasourceUp ? 1 : 0),
    ),
    renderFamily(M.stateCorrupt, 'counter', 'State files found corrupt and set aside.', one(m.stateCorrupt)),
    cycleHealth(m),
  ].join('');
}

/** Whether cycles keep their interval: Prometheus' rule-group last duration, interval, misses. */
function cycleHealth(m: EngineMetrics): string {
  const one = (value: number): TextSample[] => [{ value }];
  return [
    renderFamily(
      M.cycleLastDuration,
      'gauge',
      'Wall time of the last evaluation cycle.',
      one(m.lastCycleSeconds),
    ),
    renderFamily(M.cycleInterval, 'gauge', 'The evaluation interval.', one(m.intervalSeconds)),
    renderFamily(
      M.cycleIterationsMissed,
      'counter',
      'Evaluations missed because a cycle took longer than the interval.',
      one(m.iterationsMissed),
    ),
  ].join('');
}
