/**
 * Durable engine state in state_dir/engine-state.json: alert records (with activeAt, so pending
 * `for` timers continue after a restart) and recent history. Written atomically with a checksum;
 * a torn or corrupt file is set aside as `engine-state.json.corrupt-<time>` and reported, and the
 * engine starts empty instead of crashing.
 */
import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertRecord } from '../core/alertRecord.ts';
import type { HistoryEntry } from '../core/history.ts';
import { writeFileAtomic } from '../shared/atomicFile.ts';

/** What survives a restart. */
export interface EngineState {
  readonly alerts: readonly AlertRecord[];
  readonly history: readonly HistoryEntry[];
  /** Last evaluation time per rule group (so group intervals hold across restarts). */
  readonly groupEvaluatedAt?: Readonly<Record<string, number>>;
}

const FILE = 'engine-state.json';
const VERSION = 1;

/** Outcome of {@link loadState}: `corrupt` names the file it set aside, if any. */
export interface LoadedState {
  readonly state: EngineState;
  readonly corrupt?: { readonly movedTo: string; readonly reason: string };
}

const EMPTY: EngineState = { alerts: [], history: [] };

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Reads the state of `dir`; a missing file is an empty state, a bad one is set aside. */
export async function loadState(dir: string, now: number = Date.now()): Promise<LoadedState> {
  const path = join(dir, FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: EMPTY };
    throw err;
  }
  const reason = validate(text);
  if (typeof reason !== 'string') return { state: reason };
  const movedTo = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, movedTo);
  return { state: EMPTY, corrupt: { movedTo, reason } };
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

/** Writes the state of `dir` atomically (temp file, fsync, rename, fsync dir). */
export async function saveState(dir: string, state: EngineState): Promise<void> {
  const body = JSON.stringify(state);
  await writeFileAtomic(
    join(dir, FILE),
    JSON.stringify({ version: VERSION, checksum: checksum(body), body }),
  );
}

/** The state file's path in `dir` (for tests and docs). */
export function stateFile(dir: string): string {
  return join(dir, FILE);
}
