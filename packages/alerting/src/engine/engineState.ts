import type { AlertRecord } from '../core/alertRecord.ts';
import type { HistoryEntry } from '../core/history.ts';
import type { Logger } from '../shared/log.ts';
import { loadState } from '../store/stateStore.ts';
import type { EngineSettings } from './engine.ts';
import { createEngineMetrics, type EngineMetrics } from './engineMetrics.ts';

/** Everything an engine remembers between cycles; the cycle's steps read and update it. */
export interface EngineState {
  settings: EngineSettings;
  readonly metrics: EngineMetrics;
  /** Alert records of each rule, by rule key. */
  byRule: Map<string, AlertRecord[]>;
  history: HistoryEntry[];
  groupEvaluatedAt: Record<string, number>;
  /** The failure kind of each rule whose last evaluation failed (to log a failure once). */
  readonly failing: Map<string, string>;
  /** The template error last logged for each rule (to log it once). */
  readonly templateErrors: Map<string, string>;
  /**
   * When a query last failed for data-source reasons, or when the engine restarted with alerts
   * firing: no-data resolves wait a grace after it.
   */
  lastDsFailureAt: number | undefined;
  /** Time of the last completed cycle (0 before the first). */
  last: number;
}

/** A fresh state for `settings`. */
export function newEngineState(settings: EngineSettings): EngineState {
  const metrics = createEngineMetrics();
  metrics.rulesLoaded = settings.rules.length;
  return {
    settings,
    metrics,
    byRule: new Map(),
    history: [],
    groupEvaluatedAt: {},
    failing: new Map(),
    templateErrors: new Map(),
    lastDsFailureAt: undefined,
    last: 0,
  };
}

/** Loads the persisted state into `state` (a corrupt file is set aside and counted). */
export async function restoreState(state: EngineState, log: Logger, now: number): Promise<void> {
  const loaded = await loadState(state.settings.stateDir, now);
  if (loaded.corrupt) {
    state.metrics.stateCorrupt++;
    log.error('state file was corrupt: set aside, starting empty', { ...loaded.corrupt });
  }
  for (const r of loaded.state.alerts)
    state.byRule.set(r.ruleKey, [...(state.byRule.get(r.ruleKey) ?? []), r]);
  // The engine cannot know what Prometheus went through while it was down (it may have been
  // restarted too, and answers empty until it scrapes again), so a restart with alerts firing
  // is held like the end of an outage: an empty answer resolves nothing during the grace.
  if (loaded.state.alerts.some((r) => r.state === 'firing')) state.lastDsFailureAt = now;
  state.history = [...loaded.state.history];
  state.groupEvaluatedAt = { ...loaded.state.groupEvaluatedAt };
  log.info('state restored', { alerts: loaded.state.alerts.length });
}
