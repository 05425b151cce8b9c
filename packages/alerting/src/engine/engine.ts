/**
 * The I/O shell around the pure core: runs cycles on a timer, queries Prometheus with bounded
 * concurrency (queryRules.ts), feeds results to evaluateRule (evaluateCycle.ts), raises
 * AlertingDataSourceDown, persists state and hands events to the sink. Everything that decides
 * anything lives in core/.
 */
import type { Alert, AlertEvent, AlertSink } from '../alert.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { type AlertRecord, toAlert } from '../core/alertRecord.ts';
import type { HistoryEntry } from '../core/history.ts';
import type { PrometheusClient } from '../prometheus/client.ts';
import type { Logger } from '../shared/log.ts';
import { createStateWriter, type SaveResult } from '../store/stateWriter.ts';
import type { AlertingRule } from '../types.ts';
import { inc, observeCycle, observeOverrun, renderEngineMetrics } from './engineMetrics.ts';
import { type EngineState, newEngineState, type RuleHealth, restoreState } from './engineState.ts';
import { evaluateCycle } from './evaluateCycle.ts';
import { expandOutcomes } from './expandOutcomes.ts';
import { type DEFAULT_MAX_SERIES_PER_RULE, due, queryRules } from './queryRules.ts';

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
> & {
  /** Results above this many series fail the rule (default {@link DEFAULT_MAX_SERIES_PER_RULE}). */
  readonly maxSeriesPerRule?: number;
};

/** Options for {@link createEngine}. */
export interface EngineOptions {
  readonly settings: EngineSettings;
  readonly client: PrometheusClient;
  readonly log: Logger;
  readonly sink?: AlertSink;
  /** Wall clock, epoch ms (default Date.now): activeAt, history, the query `time` sent to Prometheus. */
  readonly now?: () => number;
  /**
   * Monotonic ms (default performance.now): every wait and duration (`for`, keep_firing_for,
   * group intervals, the cycle cadence) is measured on it, so a wall-clock step changes none.
   * When only `now` is given, it is taken as a fake clock moving both times together.
   */
  readonly monotonic?: () => number;
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
  /** Time spent saving state, in ms, and what the save wrote. */
  readonly saveMs: number;
  readonly saved: SaveResult['kind'];
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
  /** The loaded rules (the alerts they raised are in {@link Engine.alerts}). */
  rules(): readonly AlertingRule[];
  /** The last evaluation of the rule with this key (undefined before its first). */
  ruleHealth(key: string): RuleHealth | undefined;
  /** Prometheus text of the engine's metrics. */
  metrics(): string;
  /** Time of the last completed cycle (0 before the first). */
  lastCycleAt(): number;
  /**
   * Milliseconds since the last completed cycle, on the monotonic clock (Infinity before the
   * first): what /healthz judges staleness by, so a wall-clock step neither fails nor hides it.
   */
  cycleAgeMs(): number;
  /** Mark a config reload outcome on the metrics. */
  markReload(ok: boolean): void;
}

/**
 * The steady timeline: monotonic, anchored to the wall clock at start, so persisted steady times
 * of the previous run stay roughly comparable across a restart (see restoreState).
 */
function steadyClock(now: () => number, mono: () => number): () => number {
  const wall0 = now();
  const mono0 = mono();
  return () => wall0 + (mono() - mono0);
}

/** New rules and settings; the health of rules that are gone is forgotten (it would accumulate). */
function applySettings(state: EngineState, s: EngineSettings): void {
  state.settings = s;
  state.metrics.rulesLoaded = s.rules.length;
  const keys = new Set(s.rules.map((r) => r.key));
  for (const k of state.ruleHealth.keys()) if (!keys.has(k)) state.ruleHealth.delete(k);
}

/** The engine's alerts as the API shows them (resolved ones only when asked). */
function listAlerts(state: EngineState, includeResolved: boolean): Alert[] {
  const out: Alert[] = [];
  for (const records of state.byRule.values())
    for (const r of records) if (includeResolved || r.state !== 'resolved') out.push(toAlert(r));
  return out;
}

/** Creates an engine; call restore(), then start() or runCycle(). */
export function createEngine(opts: EngineOptions): Engine {
  const now = opts.now ?? Date.now;
  const cadenceClock = opts.monotonic ?? (() => performance.now());
  const steady = steadyClock(now, opts.monotonic ?? opts.now ?? cadenceClock);
  const log = opts.log;
  const historyLimit = opts.historyLimit ?? 1000;
  const state = newEngineState(opts.settings);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  const alerts = (includeResolved = false) => listAlerts(state, includeResolved);
  let lastDone: number | undefined;
  const runCycle = () =>
    cycle(state, opts, { wall: now(), steady: steady() }, historyLimit, () => alerts()).then((r) => {
      lastDone = cadenceClock();
      return r;
    });
  const tick = () => {
    // setTimeout is monotonic; the cadence must be measured on a monotonic clock as well, or a
    // step back of 1 h would wait an hour before the next cycle (and a step forward skip waits).
    const started = cadenceClock();
    running = runCycle()
      .catch((err) => log.error('evaluation cycle failed', { error: err }))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        // Keep the cadence: the next cycle starts one interval after this one started.
        timer = setTimeout(
          tick,
          Math.max(0, state.settings.evaluationIntervalMs - (cadenceClock() - started)),
        );
      });
  };

  return {
    restore: async () => (opts.inMemory ? undefined : restoreState(state, log, now(), steady())),
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
    update: (s) => applySettings(state, s),
    alerts,
    history: (limit = historyLimit) => state.history.slice(-limit),
    rules: () => state.settings.rules,
    ruleHealth: (key) => state.ruleHealth.get(key),
    metrics: () => renderEngineMetrics(state.metrics, [...state.byRule.values()].flat()),
    lastCycleAt: () => state.last,
    cycleAgeMs: () => (lastDone === undefined ? Number.POSITIVE_INFINITY : cadenceClock() - lastDone),
    markReload(ok) {
      state.metrics.reloadOk = ok;
    },
  };
}

/**
 * One cycle: query the due rules, evaluate (the engine's own time), publish. `time.wall` is what
 * people read and the query time; `time.steady` measures every duration.
 */
async function cycle(
  state: EngineState,
  opts: EngineOptions,
  time: { readonly wall: number; readonly steady: number },
  historyLimit: number,
  active: () => Alert[],
): Promise<CycleResult> {
  const at = time.wall;
  const started = performance.now();
  const due_ = state.settings.rules.filter((r) => due(state, r, time.steady));
  const { outcomes, dsFailures, failedRules } = await queryRules(state, opts.client, opts.log, due_, at);
  await expandOutcomes(outcomes, state.settings, opts.client, opts.log, at, state.templateErrors);
  const engineStart = performance.now();
  const { events, limitErrors } = evaluateCycle(state, outcomes, dsFailures, at, historyLimit, time.steady);
  for (const { rule, error } of limitErrors) {
    inc(state.metrics.failures, `${rule.group}\u0000limit`);
    opts.log.warn('rule evaluation failed: its alerts were dropped', {
      rule: rule.name,
      group: rule.group,
      error,
    });
  }
  for (const e of events) inc(state.metrics.events, e.kind);
  const engineMs = performance.now() - engineStart;
  state.metrics.lastEngineSeconds = engineMs / 1000;
  const save = await publish(state, opts, events, active, time.steady);
  const durationMs = performance.now() - started;
  observeCycle(state.metrics, durationMs / 1000);
  const intervalMs = state.settings.evaluationIntervalMs;
  if (observeOverrun(state.metrics, durationMs / 1000, intervalMs / 1000)) {
    opts.log.warn('evaluation cycle took longer than evaluation_interval: evaluations are being missed', {
      durationSeconds: Math.round(durationMs) / 1000,
      intervalSeconds: intervalMs / 1000,
      rules: due_.length,
    });
  }
  state.last = at;
  return { at, events, failedRules, durationMs, engineMs, ...save };
}

/** Logs the events, hands them to the notification pipeline and saves the state. */
async function publish(
  state: EngineState,
  opts: EngineOptions,
  events: readonly AlertEvent[],
  active: () => Alert[],
  steadyAt: number,
): Promise<{ saveMs: number; saved: SaveResult['kind'] }> {
  const { log } = opts;
  for (const e of events)
    log.info(`alert ${e.kind}`, {
      alertname: e.alert.labels.alertname,
      severity: e.alert.severity,
      fingerprint: e.alert.fingerprint,
    });
  await handOver(state, opts, events, active, steadyAt);
  if (opts.inMemory) return { saveMs: 0, saved: 'nothing' };
  const { stateDir } = state.settings;
  const started = performance.now();
  try {
    if (state.writer?.dir !== stateDir)
      state.writer = { dir: stateDir, save: createStateWriter(stateDir, state.restoredSeq).save };
    const alerts: AlertRecord[] = [];
    for (const records of state.byRule.values()) for (const r of records) alerts.push(r);
    const r = await state.writer.save({
      alerts,
      history: state.history,
      groupEvaluatedAt: state.groupEvaluatedAt,
    });
    return { saveMs: performance.now() - started, saved: r.kind };
  } catch (err) {
    log.error('cannot save state', { error: err, stateDir });
    return { saveMs: performance.now() - started, saved: 'nothing' };
  }
}

/** Gives the sink this cycle's events, unless it is held after a corrupt state (then keeps them). */
async function handOver(
  state: EngineState,
  opts: EngineOptions,
  events: readonly AlertEvent[],
  active: () => Alert[],
  steadyAt: number,
): Promise<void> {
  if (!opts.sink) return;
  if (state.holdSinkUntil !== undefined && steadyAt < state.holdSinkUntil) {
    for (const e of events) state.heldEvents.push(e);
    return;
  }
  const all = state.heldEvents.length ? [...state.heldEvents, ...events] : events;
  state.heldEvents = [];
  state.holdSinkUntil = undefined;
  try {
    await opts.sink.handle(all, active());
  } catch (err) {
    opts.log.error('notification pipeline failed to take events', { error: err });
  }
}
