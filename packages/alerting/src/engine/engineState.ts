import type { AlertEvent } from '../alert.ts';
import type { AlertRecord } from '../core/alertRecord.ts';
import type { HistoryEntry } from '../core/history.ts';
import type { Logger } from '../shared/log.ts';
import { loadState } from '../store/stateStore.ts';
import type { createStateWriter } from '../store/stateWriter.ts';
import type { EngineSettings } from './engine.ts';
import { createEngineMetrics, type EngineMetrics } from './engineMetrics.ts';

/** Everything an engine remembers between cycles; the cycle's steps read and update it. */
export interface EngineState {
  settings: EngineSettings;
  readonly metrics: EngineMetrics;
  /** Alert records of each rule, by rule key. */
  byRule: Map<string, AlertRecord[]>;
  history: HistoryEntry[];
  /** Last evaluation of each rule group, on the steady timeline (see RuleInput.steady). */
  groupEvaluatedAt: Record<string, number>;
  /** The failure kind of each rule whose last evaluation failed (to log a failure once). */
  readonly failing: Map<string, string>;
  /** When each rule was last queried and the error it got, if any (for /api/v1/rules' health). */
  readonly ruleHealth: Map<string, RuleHealth>;
  /** The template error last logged for each rule (to log it once). */
  readonly templateErrors: Map<string, string>;
  /**
   * When a query last failed for data-source reasons, or when the engine restarted with alerts
   * firing (steady timeline): no-data resolves wait a grace after it.
   */
  lastDsFailureAt: number | undefined;
  /** Time of the last completed cycle (0 before the first). */
  last: number;
  /** Saves what changed each cycle (created on the first save, continuing the restored sequence). */
  writer?: { readonly dir: string; save: ReturnType<typeof createStateWriter>['save'] };
  /** Sequence number of the restored state (the writer continues from it). */
  restoredSeq: number;
  /**
   * After a corrupt state file: until this steady time the sink gets nothing (events are kept for it),
   * so the notifier neither resolves what it paged (a false all-clear) nor pages it again while
   * the rules re-establish their alerts; see restoreState.
   */
  holdSinkUntil?: number;
  /** Events kept while the sink is held. */
  heldEvents: AlertEvent[];
}

/** A rule's last evaluation, as Prometheus' /api/v1/rules reports it (health, lastError, lastEvaluation). */
export interface RuleHealth {
  /** Time of the last evaluation (ms since the epoch). */
  readonly at: number;
  /** The query's error when it failed (Prometheus' own message for a bad query). */
  readonly error?: string;
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
    ruleHealth: new Map(),
    templateErrors: new Map(),
    lastDsFailureAt: undefined,
    last: 0,
    restoredSeq: 0,
    heldEvents: [],
  };
}

/**
 * Loads the persisted state into `state` (a corrupt file is set aside and counted). `now` is the
 * wall clock, `steady` the new run's steady timeline (RuleInput.steady); see {@link rebase}.
 */
export async function restoreState(
  state: EngineState,
  log: Logger,
  now: number,
  steady: number = now,
): Promise<void> {
  const loaded = await loadState(state.settings.stateDir, now);
  if (loaded.corrupt) {
    state.metrics.stateCorrupt++;
    // What was firing is unknown. Starting empty and telling the notifier at once would resolve
    // everything it paged (its notification log remembers them) and page them again after `for`.
    // So the rules re-establish their alerts first (the longest `for` plus one interval), then
    // the notifier gets the current alerts: what still fires matches what it told (no new page),
    // what ended is resolved, what is new is paged.
    const longestFor = Math.max(0, ...state.settings.rules.map((r) => r.forMs));
    state.holdSinkUntil = steady + longestFor + state.settings.evaluationIntervalMs;
    log.error('state file was corrupt: set aside; alerts re-establish before notifications resume', {
      ...loaded.corrupt,
      holdSeconds: (state.holdSinkUntil - steady) / 1000,
    });
  }
  if (loaded.tornJournal) log.warn('state journal ended in a torn write: its last save was dropped', {});
  state.restoredSeq = loaded.state.seq ?? 0;
  // Append in place: copying the rule's list per record made 100k records of one rule quadratic.
  for (const saved of loaded.state.alerts) {
    const r = rebase(saved, steady);
    const list = state.byRule.get(r.ruleKey);
    if (list) list.push(r);
    else state.byRule.set(r.ruleKey, [r]);
  }
  // The engine cannot know what Prometheus went through while it was down (it may have been
  // restarted too, and answers empty until it scrapes again), so a restart with alerts firing
  // is held like the end of an outage: an empty answer resolves nothing during the grace.
  if (loaded.state.alerts.some((r) => r.state === 'firing')) state.lastDsFailureAt = steady;
  state.history = [...loaded.state.history];
  state.groupEvaluatedAt = {};
  for (const [group, at] of Object.entries(loaded.state.groupEvaluatedAt ?? {}))
    state.groupEvaluatedAt[group] = Math.min(at, steady);
  log.info('state restored', { alerts: loaded.state.alerts.length });
}

/**
 * A saved record's steady times on the new run's timeline. Monotonic time does not survive a
 * restart, so each run anchors its steady timeline to the wall clock at start: a pending alert
 * restored has been pending for what it measured before its last save plus the downtime as the
 * wall clock tells it. That is clamped at 0 (a time in the future becomes now), so a clock
 * stepped back, before or during the downtime, makes a restored alert wait at most its whole
 * `for` again, never forever; a clock stepped forward while the engine was down cannot be told
 * from a long downtime and counts as one. Files without `pendingSince` fall back to `activeAt`.
 */
function rebase(r: AlertRecord, steady: number): AlertRecord {
  const clamp = (t: number) => Math.min(t, steady);
  return {
    ...r,
    pendingSince: clamp(r.pendingSince ?? r.activeAt),
    ...(r.keepFiringSince !== undefined ? { keepFiringSince: clamp(r.keepFiringSince) } : {}),
    flips: r.flips.map(clamp),
  };
}
