import { access, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/atomicFile.ts';
import { stateWrites } from '../../shared/stateWrites.ts';
import type { Told } from '../stages/dedupStage.ts';
import type { Notification, NotifyLogger } from '../types.ts';

/** One notification waiting for delivery, as written to disk before the first attempt. */
export interface OutboxEntry {
  readonly id: string;
  /** `receiver/integration`. */
  readonly target: string;
  readonly notification: Notification;
  /** Notification-log changes this message stands for, replayed on load (see {@link Outbox.load}). */
  readonly updates: ReadonlyArray<readonly [string, Told | null]>;
  /** What the log said before `updates`, restored when the message is refused (delivery/ledger.ts). */
  readonly undo?: ReadonlyArray<readonly [string, Told | null]>;
}

/**
 * The durable outbox: each notification is a file in `state_dir/outbox/`, written (fsync +
 * rename) before it is sent and removed after the receiver accepted it or it was given up. A
 * kill -9 at any point leaves the file, so the next start sends it again: at-least-once. Only an
 * entry that had been attempted (its `.sending` marker exists) is marked a repeat: a message that
 * never left is a first page, and on-call should not read "(repeat)" on it.
 */
export class Outbox {
  readonly #dir: string;
  readonly #log: NotifyLogger;
  #seq = 0;

  readonly #beforeRemove: (() => Promise<void>) | undefined;

  /**
   * `beforeRemove` makes what an entry stands for durable before the entry goes (the notifier
   * saves its notification log there): removing a delivered entry first left a window in which a
   * kill -9 lost both the entry and the record that it was sent, and the restart paged again,
   * unmarked.
   */
  constructor(stateDir: string, log: NotifyLogger, beforeRemove?: () => Promise<void>) {
    this.#dir = join(stateDir, 'outbox');
    this.#log = log;
    this.#beforeRemove = beforeRemove;
  }

  #file(e: OutboxEntry): string {
    return join(this.#dir, `${e.id}.json`);
  }

  /** Makes an id that sorts in creation order (file names replay in the order they were written). */
  nextId(now: number): string {
    this.#seq = (this.#seq + 1) % 1_000_000;
    const rand = Math.floor(Math.random() * 1e9).toString(36);
    return `${now.toString().padStart(15, '0')}-${this.#seq.toString().padStart(6, '0')}-${rand}`;
  }

  async put(e: OutboxEntry): Promise<void> {
    await writeFileAtomic(this.#file(e), JSON.stringify(e));
  }

  /**
   * Notes that `e` is about to be posted. Not fsynced: a kill -9 keeps the page cache, and only a
   * power loss in that instant could lose the marker (the resend would then lack its mark).
   */
  async markSending(e: OutboxEntry): Promise<void> {
    await writeFile(this.#marker(e), '').catch(() => {});
  }

  /** The receiver answered that `e` was not posted: a resend is not a repeat. */
  async clearSending(e: OutboxEntry): Promise<void> {
    await unlink(this.#marker(e)).catch(() => {});
  }

  #marker(e: { id: string }): string {
    return join(this.#dir, `${e.id}.sending`);
  }

  async remove(e: OutboxEntry): Promise<void> {
    await this.#beforeRemove?.().catch((err: Error) =>
      this.#log.warn('could not save the notification log before removing a delivered entry', {
        error: err.message,
      }),
    );
    await unlink(this.#file(e)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT')
        this.#log.warn('could not remove delivered outbox entry', { error: err.message });
    });
    await unlink(this.#marker(e)).catch(() => {});
  }

  /**
   * Every entry left by a previous run, oldest first; those that were being sent are marked
   * `repeat`, because they may have reached the receiver just before the crash. Unreadable files
   * are set aside and reported.
   */
  async load(): Promise<OutboxEntry[]> {
    let names: string[];
    try {
      await mkdir(this.#dir, { recursive: true });
      names = (await readdir(this.#dir)).filter((n) => n.endsWith('.json')).sort();
    } catch (err) {
      // A read-only or vanished state dir: start with nothing to resend rather than not at all.
      stateWrites.report(this.#dir, err);
      this.#log.error('cannot read or create the outbox; notifications will not be durable', {
        dir: this.#dir,
        error: (err as Error).message,
      });
      return [];
    }
    const out: OutboxEntry[] = [];
    for (const name of names) {
      const path = join(this.#dir, name);
      try {
        const e = JSON.parse(await readFile(path, 'utf8')) as OutboxEntry;
        if (!e.id || !e.target || !e.notification) throw new Error('missing id, target or notification');
        const attempted = await access(this.#marker(e)).then(
          () => true,
          () => false,
        );
        out.push(attempted ? { ...e, notification: { ...e.notification, repeat: true } } : e);
      } catch (err) {
        await rename(path, `${path}.corrupt`).catch(() => {});
        this.#log.error('outbox entry is unreadable; set aside', {
          file: name,
          error: (err as Error).message,
        });
      }
    }
    return out;
  }
}
