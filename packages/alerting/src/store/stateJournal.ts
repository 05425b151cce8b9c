/**
 * The journal beside engine-state.json: one line per save holding only what changed since the
 * previous save (records put or deleted, new history entries, group times), each line with its
 * sequence number and checksum. A line is appended and fsynced in one write, so a crash leaves
 * at most a torn last line, which the loader recognises (bad checksum) and drops: every save is
 * all-or-nothing, as the snapshot's atomic rename is.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import type { AlertRecord } from '../core/alertRecord.ts';
import type { HistoryEntry } from '../core/history.ts';

/** What one save changed. */
export interface JournalEntry {
  readonly seq: number;
  readonly put: readonly AlertRecord[];
  /** `[ruleKey, fingerprint]` of records gone since the last save. */
  readonly del: ReadonlyArray<readonly [string, string]>;
  readonly history: readonly HistoryEntry[];
  readonly groupEvaluatedAt?: Readonly<Record<string, number>>;
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Appends `entry` as one fsynced line; returns the bytes written. */
export async function appendJournal(path: string, entry: JournalEntry): Promise<number> {
  const body = JSON.stringify(entry);
  const line = `${JSON.stringify({ checksum: checksum(body), body })}\n`;
  const fh = await open(path, 'a', 0o600);
  try {
    await fh.write(line);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return Buffer.byteLength(line);
}

/** The journal's entries in order, up to the first damaged line (a torn last write). */
export async function readJournal(path: string): Promise<{ entries: JournalEntry[]; damaged: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], damaged: false };
    throw err;
  }
  const entries: JournalEntry[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    if (end < 0) return { entries, damaged: true };
    const entry = parseLine(text.slice(start, end));
    if (!entry) return { entries, damaged: true };
    entries.push(entry);
    start = end + 1;
  }
  return { entries, damaged: false };
}

function parseLine(line: string): JournalEntry | undefined {
  try {
    const doc = JSON.parse(line) as { checksum?: unknown; body?: unknown };
    if (typeof doc.body !== 'string' || doc.checksum !== checksum(doc.body)) return undefined;
    const e = JSON.parse(doc.body) as JournalEntry;
    return typeof e.seq === 'number' && Array.isArray(e.put) && Array.isArray(e.del) ? e : undefined;
  } catch {
    return undefined;
  }
}
