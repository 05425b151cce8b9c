/**
 * Saves the engine state each cycle writing only what changed: records whose lasting fields
 * (state, times, severity, flips) differ from the last save, records gone, new history
 * entries. A record's value and annotations follow the sample every cycle and are not worth a
 * write on their own; they are saved with the next lasting change or snapshot. The journal is
 * folded into a new snapshot once it outgrows the snapshot (or 4 MB), so disk use stays bounded.
 */
import type { AlertRecord } from '../core/alertRecord.ts';
import type { HistoryEntry } from '../core/history.ts';
import { appendJournal } from './stateJournal.ts';
import { type EngineState, journalFile, recordKey, saveState } from './stateStore.ts';

const MIN_COMPACT_BYTES = 4 << 20;

/** What a save wrote, for metrics and benchmarks. */
export interface SaveResult {
  readonly kind: 'snapshot' | 'journal' | 'nothing';
  readonly records: number;
}

/**
 * A record's lasting fields: when they are unchanged, the record need not be written. Labels are
 * not compared: the fingerprint is their identity (severity, the one label that moves, is here).
 */
function signature(r: AlertRecord): string {
  return `${r.state}|${r.activeAt}|${r.firedAt ?? ''}|${r.resolvedAt ?? ''}|${r.severity}|${r.flapping}|${r.flips.join(',')}|${r.keepFiringSince ?? ''}|${r.pendingSince ?? ''}|${r.threshold ?? ''}`;
}

/** Creates the writer for `dir`; `seq` continues the restored state's sequence. */
export function createStateWriter(dir: string, seq = 0) {
  let saved: Map<string, string> | undefined;
  let lastHistory: HistoryEntry | undefined;
  let groups = '';
  let journalBytes = 0;
  let snapshotBytes = 0;
  let next = seq;

  const snapshot = async (state: EngineState, sigs: Map<string, string>): Promise<SaveResult> => {
    next++;
    const full = { ...state, seq: next };
    await saveState(dir, full);
    snapshotBytes = JSON.stringify(full).length;
    journalBytes = 0;
    saved = sigs;
    return { kind: 'snapshot', records: state.alerts.length };
  };

  return {
    async save(state: EngineState): Promise<SaveResult> {
      const sigs = new Map<string, string>();
      const put: AlertRecord[] = [];
      for (const r of state.alerts) {
        const k = recordKey(r.ruleKey, r.fingerprint);
        const sig = signature(r);
        sigs.set(k, sig);
        if (saved?.get(k) !== sig) put.push(r);
      }
      const history = newHistory(state.history, lastHistory);
      lastHistory = state.history.at(-1);
      const groupText = JSON.stringify(state.groupEvaluatedAt ?? {});
      const groupsChanged = groupText !== groups;
      groups = groupText;
      // Most records changed (a rule's alerts all fired at once): a snapshot costs no more.
      const most = put.length > 1000 && put.length * 2 > state.alerts.length;
      if (!saved || most || journalBytes > Math.max(MIN_COMPACT_BYTES, snapshotBytes))
        return snapshot(state, sigs);
      const del: Array<[string, string]> = [];
      for (const k of saved.keys()) {
        if (sigs.has(k)) continue;
        const i = k.indexOf('\u0000');
        del.push([k.slice(0, i), k.slice(i + 1)]);
      }
      saved = sigs;
      if (!put.length && !del.length && !history.length && !groupsChanged)
        return { kind: 'nothing', records: 0 };
      next++;
      journalBytes += await appendJournal(journalFile(dir), {
        seq: next,
        put,
        del,
        history,
        ...(groupsChanged ? { groupEvaluatedAt: state.groupEvaluatedAt ?? {} } : {}),
      });
      return { kind: 'journal', records: put.length + del.length };
    },
  };
}

/** History entries after `last` (the newest one saved), found from the end. */
function newHistory(history: readonly HistoryEntry[], last: HistoryEntry | undefined): HistoryEntry[] {
  if (!last) return [...history];
  for (let i = history.length - 1; i >= 0; i--) if (history[i] === last) return history.slice(i + 1);
  return [...history];
}
