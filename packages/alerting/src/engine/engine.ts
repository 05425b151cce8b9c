/**
 * The I/O shell around the pure core: runs cycles on a timer, queries Prometheus with bounded
 * concurrency, feeds results to evaluateRule, raises AlertingDataSourceDown, persists state and
 * hands events to the sink. Everything that decides anything lives in core/.
 */
import { DATASOURCE_DOWN_ALERT } from '@golden-signals/conventions';
import type { Alert, AlertEvent, AlertSink } from '../alert.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { type AlertRecord, toAlert } from '../core/alertRecord.ts';
import { evaluateRule, type QueryOutcome } from '../core/evaluateRule.ts';
import { appendHistory, type HistoryEntry } from '../core/history.ts';
import { type PrometheusClient, QueryError, type Sample } from '../prometheus/client.ts';
import type { Logger } from '../shared/log.ts';
import { withoutCredentials } from '../shared/redact.ts';
import { loadState, saveState } from '../store/stateStore.ts';
import type { AlertingRule } from '../types.ts';
import {
  createEngineMetrics,
  type EngineMetrics,
  inc,
  observeCycle,
  renderEngineMetrics,
} from './engineMetrics.ts';
import { mapLimit } from './mapLimit.ts';

/** The config fields the engine reads (a LoadedConfig fits). */
export type EngineSettings = Pick<
  LoadedConfig,
  | 'rules'
  | 'evaluationIntervalMs'
  | 'queryConcurrency'
  | 'datasourceDownGraceMs'
  | 'flap'
  | 'resolvedRetentionMs'
  | 'stateDir'
  | 'prometheus'
>;

/** Options for {@link createEngine}. */
export interface EngineOptions {
  readonly settings: EngineSettings;
  readonly client: PrometheusClient;
  readonly log: Logger;
  readonly sink?: AlertSink;
  readonly now?: () => number;
  /** Keep state in memory only (benchmarks). Default false. */
  readonly inMemory?: boolean;
  /** Events kept for /api/v1/history (default 1000). */
  readonly historyLimit?: number;
}

/** What one cycle did. */
export interface CycleResult {
  readonly at: number;
  readonly events: readonly AlertEvent[];
  readonly failedRules: number;
  /** Wall time of the cycle and the engine's share (queries excluded), in ms. */
  readonly durationMs: number;
  readonly engineMs: number;
}

/** A running engine. */
export interface Engine {
  /** Loads persisted state (call once before the first cycle). */
  restore(): Promise<void>;
  /** Runs one evaluation cycle now. */
  runCycle(): Promise<CycleResult>;
  /** Starts cycles every evaluation interval (the first one immediately). */
  start(): void;
  /** Stops the timer, waits for a running cycle and saves state. */
  stop(): Promise<void>;
  /** Swaps rules and settings; alerts of rules that are gone resolve on the next cycle. */
  update(settings: EngineSettings): void;
  /** Pending and firing alerts (and resolved ones too when `includeResolved`). */
  alerts(includeResolved?: boolean): Alert[];
  /** Recent events, newest last. */
  history(limit?: number): HistoryEntry[];
  /** Loaded rules with their current alerts' states. */
  rules(): readonly AlertingRule[];
  /** Prometheus text of the engine's metrics. */
  metrics(): string;
  /** Time of the last completed cycle (0 before the first). */
  lastCycleAt(): number;
  /** Mark a config reload outcome on the metrics. */
  markReload(ok: boolean): void;
}

const DS_RULE_KEY = '__engine__/datasource';

/** Creates an engine; call restore(), then start() or runCycle(). */
export function createEngine(opts: EngineOptions): Engine {
  let settings = opts.settings;
  const now = opts.now ?? Date.now;
  const log = opts.log;
  const historyLimit = opts.historyLimit ?? 1000;
  const metrics: EngineMetrics = createEngineMetrics();
  metrics.rulesLoaded = settings.rules.length;
  let byRule = new Map<string, AlertRecord[]>();
  let history: HistoryEntry[] = [];
  let groupEvaluatedAt: Record<string, number> = {};
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  let last = 0;
  /** The failure kind of each rule whose last evaluation failed (to log a failure once). */
  const failing = new Map<string, string>();
  /**
   * When a query last failed for data-source reasons, or when the engine restarted with alerts
   * firing: no-data resolves wait a grace after it.
   */
  let lastDsFailureAt: number | undefined;

  const dsRule = (): AlertingRule => ({
    key: DS_RULE_KEY,
    name: DATASOURCE_DOWN_ALERT,
    group: '__engine__',
    file: '(engine)',
    line: 0,
    expr: 'up',
    forMs: settings.datasourceDownGraceMs,
    keepFiringForMs: 0,
    labels: { severity: 'critical' },
    annotations: {
      summary: 'The alerting engine cannot query its data source',
      description:
        'Queries to {{ $labels.datasource }} are failing; alert states are held (nothing resolves) until they succeed.',
    },
  });

  async function query(expr: string): Promise<QueryOutcome & { kind?: string }> {
    try {
      return { ok: true, samples: await opts.client.query(expr) };
    } catch (err) {
      const kind = err instanceof QueryError ? err.kind : 'unreachable';
      return { ok: false, error: (err as Error).message, kind };
    }
  }

  function due(rule: AlertingRule, at: number): boolean {
    if (rule.intervalMs === undefined) return true;
    const lastAt = groupEvaluatedAt[rule.group];
    // Half an engine interval of slack so a 30s group on a 15s engine runs every other cycle.
    return lastAt === undefined || at - lastAt >= rule.intervalMs - settings.evaluationIntervalMs / 2;
  }

  /** One rule's query results for this cycle. */
  interface Outcome {
    readonly rule: AlertingRule;
    readonly result: QueryOutcome & { kind?: string };
    readonly context: Array<Sample[] | undefined>;
  }

  /** Queries every due rule (and its context conditions), counting data-source failures. */
  async function queryRules(rules: readonly AlertingRule[]) {
    let dsFailures = 0;
    let failedRules = 0;
    const outcomes = await mapLimit(rules, settings.queryConcurrency, async (rule): Promise<Outcome> => {
      const result = await query(rule.expr);
      let context: Array<Sample[] | undefined> = [];
      const whens = rule.severity?.context ?? [];
      const hasPrev = (byRule.get(rule.key)?.length ?? 0) > 0;
      if (result.ok && whens.some((w) => w.when) && (result.samples.length > 0 || hasPrev)) {
        context = await Promise.all(
          whens.map(async (w) => {
            if (!w.when) return undefined;
            const r = await query(w.when);
            if (!r.ok && r.kind !== 'bad_query') dsFailures++;
            return r.ok ? [...r.samples] : undefined;
          }),
        );
      }
      if (!result.ok) {
        failedRules++;
        if (result.kind !== 'bad_query') dsFailures++;
        inc(metrics.failures, `${rule.group}\u0000${result.kind}`);
        // Once per rule and outage, not at every cycle (1,000 rules at 15 s would be 4,000 lines a minute).
        const repeat = failing.get(rule.key) === result.kind;
        failing.set(rule.key, result.kind ?? 'error');
        log[repeat ? 'debug' : 'warn']('rule evaluation failed: state held', {
          rule: rule.name,
          group: rule.group,
          reason: result.kind,
          error: result.error,
        });
      } else if (failing.delete(rule.key))
        log.debug('rule evaluation recovered', { rule: rule.name, group: rule.group });
      inc(metrics.evaluations, rule.group);
      return { rule, result, context };
    });
    return { outcomes, dsFailures, failedRules };
  }

  /**
   * Evaluates the outcomes into new alert records: the rules queried, the rules not due (kept),
   * the rules gone since a reload (resolved) and the data-source meta-alert. Returns the events.
   */
  function evaluate(outcomes: readonly Outcome[], dsFailures: number, at: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    const next = new Map<string, AlertRecord[]>();
    if (dsFailures) lastDsFailureAt = at;
    const base = {
      now: at,
      flap: settings.flap,
      resolvedRetentionMs: settings.resolvedRetentionMs,
      generatorURL,
      // After an outage Prometheus answers empty until it has scraped again: no false resolve.
      holdNoData: lastDsFailureAt !== undefined && at - lastDsFailureAt < settings.datasourceDownGraceMs,
    };
    for (const { rule, result, context } of outcomes) {
      const out = evaluateRule({ ...base, rule, previous: byRule.get(rule.key) ?? [], result, context });
      if (out.records.length) next.set(rule.key, out.records);
      events.push(...out.events);
      if (rule.intervalMs !== undefined) groupEvaluatedAt[rule.group] = at;
    }
    const keys = new Set(settings.rules.map((r) => r.key));
    for (const [key, records] of byRule) {
      if (next.has(key) || key === DS_RULE_KEY) continue;
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
      events.push(...gone.events);
    }
    metrics.datasourceUp = dsFailures === 0;
    const ds = evaluateRule({
      ...base,
      holdNoData: false, // Its own empty result is the recovery.
      rule: dsRule(),
      previous: byRule.get(DS_RULE_KEY) ?? [],
      result: {
        ok: true,
        samples: dsFailures
          ? [{ labels: { datasource: withoutCredentials(settings.prometheus.url) }, value: dsFailures }]
          : [],
      },
      context: [],
    });
    if (ds.records.length) next.set(DS_RULE_KEY, ds.records);
    events.push(...ds.events);
    byRule = next;
    history = appendHistory(history, events, historyLimit);
    return events;
  }

  /** Logs the events, hands them to the notification pipeline and saves the state. */
  async function publish(events: readonly AlertEvent[]): Promise<void> {
    for (const e of events)
      log.info(`alert ${e.kind}`, {
        alertname: e.alert.labels.alertname,
        severity: e.alert.severity,
        fingerprint: e.alert.fingerprint,
      });
    if (opts.sink) {
      try {
        await opts.sink.handle(events, activeAlerts());
      } catch (err) {
        log.error('notification pipeline failed to take events', { error: err });
      }
    }
    if (opts.inMemory) return;
    try {
      await saveState(settings.stateDir, { alerts: [...byRule.values()].flat(), history, groupEvaluatedAt });
    } catch (err) {
      log.error('cannot save state', { error: err, stateDir: settings.stateDir });
    }
  }

  async function runCycle(): Promise<CycleResult> {
    const started = performance.now();
    const at = now();
    const { outcomes, dsFailures, failedRules } = await queryRules(settings.rules.filter((r) => due(r, at)));
    const engineStart = performance.now();
    const events = evaluate(outcomes, dsFailures, at);
    for (const e of events) inc(metrics.events, e.kind);
    const engineMs = performance.now() - engineStart;
    metrics.lastEngineSeconds = engineMs / 1000;
    await publish(events);
    const durationMs = performance.now() - started;
    observeCycle(metrics, durationMs / 1000);
    last = at;
    return { at, events, failedRules, durationMs, engineMs };
  }

  function generatorURL(expr: string): string {
    return `${settings.prometheus.externalUrl.replace(/\/+$/, '')}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`;
  }

  function activeAlerts(): Alert[] {
    const out: Alert[] = [];
    for (const records of byRule.values())
      for (const r of records) if (r.state !== 'resolved') out.push(toAlert(r));
    return out;
  }

  const tick = () => {
    const started = Date.now();
    running = runCycle()
      .catch((err) => log.error('evaluation cycle failed', { error: err }))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        // Keep the cadence: the next cycle starts one interval after this one started.
        timer = setTimeout(tick, Math.max(0, settings.evaluationIntervalMs - (Date.now() - started)));
      });
  };

  return {
    async restore() {
      if (opts.inMemory) return;
      const loaded = await loadState(settings.stateDir, now());
      if (loaded.corrupt) {
        metrics.stateCorrupt++;
        log.error('state file was corrupt: set aside, starting empty', { ...loaded.corrupt });
      }
      for (const r of loaded.state.alerts) byRule.set(r.ruleKey, [...(byRule.get(r.ruleKey) ?? []), r]);
      // The engine cannot know what Prometheus went through while it was down (it may have been
      // restarted too, and answers empty until it scrapes again), so a restart with alerts firing
      // is held like the end of an outage: an empty answer resolves nothing during the grace.
      if (loaded.state.alerts.some((r) => r.state === 'firing')) lastDsFailureAt = now();
      history = [...loaded.state.history];
      groupEvaluatedAt = { ...loaded.state.groupEvaluatedAt };
      log.info('state restored', { alerts: loaded.state.alerts.length });
    },
    runCycle,
    start() {
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    update(s) {
      settings = s;
      metrics.rulesLoaded = s.rules.length;
    },
    alerts(includeResolved = false) {
      const out: Alert[] = [];
      for (const records of byRule.values()) {
        for (const r of records) if (includeResolved || r.state !== 'resolved') out.push(toAlert(r));
      }
      return out;
    },
    history(limit = historyLimit) {
      return history.slice(-limit);
    },
    rules: () => settings.rules,
    metrics: () => renderEngineMetrics(metrics, [...byRule.values()].flat()),
    lastCycleAt: () => last,
    markReload(ok) {
      metrics.reloadOk = ok;
    },
  };
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
