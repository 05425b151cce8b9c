/**
 * Durable engine state in state_dir: alert records (with activeAt, so pending `for` timers
 * continue after a restart) and recent history. `engine-state.json` is a snapshot, written
 * atomically with a checksum; between snapshots each cycle appends only what changed to
 * `engine-state.journal` (stateJournal.ts), so 100k steady alerts cost nothing per cycle. A torn
 * or corrupt snapshot is set aside as `engine-state.json.corrupt-<time>` and reported, and the
 * engine starts empty instead of crashing.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertRecord } from '../core/alertRecord.ts';
import type { HistoryEntry } from '../core/history.ts';
import { writeFileAtomic } from '../shared/atomicFile.ts';
import { type JournalEntry, readJournal } from './stateJournal.ts';

/** What survives a restart. */
export interface EngineState {
  readonly alerts: readonly AlertRecord[];
  readonly history: readonly HistoryEntry[];
  /** Last evaluation time per rule group (so group intervals hold across restarts). */
  readonly groupEvaluatedAt?: Readonly<Record<string, number>>;
  /** Sequence number of the last save folded in (journal lines up to it are already applied). */
  readonly seq?: number;
}

const FILE = 'engine-state.json';
const JOURNAL = 'engine-state.journal';
const VERSION = 1;
/** History entries kept on load (the engine trims to its own limit after). */
const MAX_HISTORY = 10_000;

/** Outcome of {@link loadState}: `corrupt` names the file it set aside, if any. */
export interface LoadedState {
  readonly state: EngineState;
  readonly corrupt?: { readonly movedTo: string; readonly reason: string };
  /** The journal ended in a damaged line (a torn write): that last save was dropped. */
  readonly tornJournal?: boolean;
}

const EMPTY: EngineState = { alerts: [], history: [] };

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Reads the state of `dir`: the snapshot, then the journal's later saves; a bad snapshot is set aside. */
export async function loadState(dir: string, now: number = Date.now()): Promise<LoadedState> {
  const path = join(dir, FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let base: EngineState = EMPTY;
  if (text !== undefined) {
    const reason = validate(text);
    if (typeof reason === 'string') {
      const movedTo = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
      await rename(path, movedTo);
      // The journal builds on the lost snapshot: alone it would be a partial, misleading state.
      await rm(join(dir, JOURNAL), { force: true });
      return { state: EMPTY, corrupt: { movedTo, reason } };
    }
    base = reason;
  }
  const journal = await readJournal(join(dir, JOURNAL));
  const state = applyJournal(base, journal.entries);
  return journal.damaged ? { state, tornJournal: true } : { state };
}

/** The snapshot with the journal's later entries applied, in linear time. */
function applyJournal(base: EngineState, entries: readonly JournalEntry[]): EngineState {
  const from = base.seq ?? 0;
  const later = entries.filter((e) => e.seq > from);
  if (later.length === 0) return base;
  const byKey = new Map<string, AlertRecord>();
  for (const r of base.alerts) byKey.set(recordKey(r.ruleKey, r.fingerprint), r);
  const history = [...base.history];
  let groupEvaluatedAt = { ...(base.groupEvaluatedAt ?? {}) };
  let seq = from;
  for (const e of later) {
    for (const [ruleKey, fp] of e.del) byKey.delete(recordKey(ruleKey, fp));
    for (const r of e.put) byKey.set(recordKey(r.ruleKey, r.fingerprint), r);
    for (const h of e.history) history.push(h);
    if (e.groupEvaluatedAt) groupEvaluatedAt = { ...groupEvaluatedAt, ...e.groupEvaluatedAt };
    seq = e.seq;
  }
  return { alerts: [...byKey.values()], history: history.slice(-MAX_HISTORY), groupEvaluatedAt, seq };
}

/** The key of a record in the snapshot and the journal. */
export function recordKey(ruleKey: string, fingerprint: string): string {
  return `${ruleKey}\u0000${fingerprint}`;
}

function validate(text: string): EngineState | string {
  let doc: { version?: unknown; checksum?: unknown; body?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    return 'not valid JSON (torn or damaged write)';
  }
  if (doc.version !== VERSION) return `unknown state version ${String(doc.version)}`;
  if (typeof doc.body !== 'string' || doc.checksum !== checksum(doc.body)) return 'checksum mismatch';
  try {
    const state = JSON.parse(doc.body) as EngineState;
    if (!Array.isArray(state.alerts) || !Array.isArray(state.history)) return 'missing alerts or history';
    return state;
  } catch {
    return 'body is not valid JSON';
  }
}

/**
 * Writes a snapshot of `dir` atomically (temp file, fsync, rename, fsync dir), then empties the
 * journal. A crash between the two leaves journal lines with `seq` <= the snapshot's, which the
 * loader skips.
 */
export async function saveState(dir: string, state: EngineState): Promise<void> {
  const body = JSON.stringify(state);
  await writeFileAtomic(
    join(dir, FILE),
    JSON.stringify({ version: VERSION, checksum: checksum(body), body }),
  );
  await rm(join(dir, JOURNAL), { force: true });
}

/** The state file's path in `dir` (for tests and docs). */
export function stateFile(dir: string): string {
  return join(dir, FILE);
}

/** The journal's path in `dir`. */
export function journalFile(dir: string): string {
  return join(dir, JOURNAL);
}
