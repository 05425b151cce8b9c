import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/atomicFile.ts';
import { loadJsonFile } from '../../shared/jsonFile.ts';
import type { Posted } from '../integrations/alertmanager/alertmanagerStage.ts';
import type { Told } from '../stages/dedupStage.ts';
import type { NotifyLogger } from '../types.ts';

interface Saved {
  told: Record<string, Record<string, Told>>;
  lastSent: Record<string, number>;
  /** Absent in files written before it existed. */
  posted: Record<string, Record<string, Posted>>;
  /** Refused tries in a row, by `target|fingerprint` (absent in older files). */
  failures?: Record<string, number>;
}

/**
 * What each receiver integration was told, per alert, and when each group last got a message;
 * persisted to `nflog.json` so a restart pages nobody twice and still sends the resolves it owes.
 * Alertmanager targets, which skip grouping, keep what they posted here too (`posted`), so after
 * a restart an alert that ended meanwhile is ended in Alertmanager at once, not when it times out.
 */
export class NotificationLog {
  readonly #path: string;
  readonly #log: NotifyLogger;
  readonly #told = new Map<string, Map<string, Told>>();
  readonly #lastSent = new Map<string, number>();
  readonly #posted = new Map<string, Map<string, Posted>>();
  readonly #failures = new Map<string, number>();
  #saving: Promise<void> = Promise.resolve();

  readonly #retention?: { readonly maxAgeMs: number; readonly now: () => number };

  constructor(stateDir: string, log: NotifyLogger, retention?: { maxAgeMs: number; now: () => number }) {
    this.#path = join(stateDir, 'nflog.json');
    this.#log = log;
    if (retention) this.#retention = retention;
  }

  async load(): Promise<void> {
    // Parsed into maps inside the check, so a file of the wrong shape is set aside like bad JSON.
    const { value, corrupt } = await loadJsonFile(this.#path, (data) => {
      const saved = data as Saved;
      const told = Object.entries(saved.told ?? {}).map(([t, e]) => [t, new Map(Object.entries(e))] as const);
      const posted = Object.entries(saved.posted ?? {}).map(
        ([t, e]) => [t, new Map(Object.entries(e))] as const,
      );
      const failures = Object.entries(saved.failures ?? {});
      return { told, lastSent: Object.entries(saved.lastSent ?? {}), posted, failures };
    });
    for (const [target, entries] of value?.told ?? []) this.#told.set(target, entries);
    for (const [target, entries] of value?.posted ?? []) this.#posted.set(target, entries);
    for (const [k, v] of value?.lastSent ?? []) this.#lastSent.set(k, v);
    for (const [k, v] of value?.failures ?? []) this.#failures.set(k, v);
    if (corrupt) {
      this.#log.error('notification log is corrupt; set aside (alerts may be paged again)', {
        file: corrupt.movedTo,
        error: corrupt.reason,
      });
    }
  }

  /** The told map of one integration (`receiver/kind`). */
  told(target: string): Map<string, Told> {
    return entryOf(this.#told, target);
  }

  /** What an Alertmanager target (`receiver/alertmanager`) has posted and not yet ended, by fingerprint. */
  posted(target: string): Map<string, Posted> {
    return entryOf(this.#posted, target);
  }

  targets(): string[] {
    return [...this.#told.keys()];
  }

  apply(target: string, updates: ReadonlyArray<readonly [string, Told | null]>): void {
    const m = this.told(target);
    for (const [fp, t] of updates) {
      if (t) m.set(fp, t);
      else m.delete(fp);
    }
  }

  /** Refused deliveries in a row of one log key (an alert on a route, see toldKey) to `target` (see delivery/ledger.ts). */
  failedTries(target: string, fingerprint: string): number {
    return this.#failures.get(`${target}|${fingerprint}`) ?? 0;
  }

  setFailedTries(target: string, fingerprint: string, tries: number): void {
    if (tries > 0) this.#failures.set(`${target}|${fingerprint}`, tries);
    else this.#failures.delete(`${target}|${fingerprint}`);
  }

  lastSent(target: string, groupKey: string): number | undefined {
    return this.#lastSent.get(`${target}|${groupKey}`);
  }

  setLastSent(target: string, groupKey: string, at: number): void {
    this.#lastSent.set(`${target}|${groupKey}`, at);
  }

  /**
   * Forgets when groups last got a message once that is older than `maxAgeMs` (the longest
   * repeat interval, doubled): past it the time no longer changes any decision, and without this
   * the map grew with every group ever seen (e.g. `group_by: ['...']` with per-pod labels).
   */
  prune(now: number, maxAgeMs: number): void {
    for (const [k, at] of this.#lastSent) if (now - at > maxAgeMs) this.#lastSent.delete(k);
  }

  /** Writes the log (serialised: the last write always carries the latest state). */
  save(): Promise<void> {
    if (this.#retention) this.prune(this.#retention.now(), this.#retention.maxAgeMs);
    const data: Saved = {
      told: {},
      lastSent: Object.fromEntries(this.#lastSent),
      posted: {},
      failures: Object.fromEntries(this.#failures),
    };
    for (const [target, m] of this.#told) if (m.size) data.told[target] = Object.fromEntries(m);
    for (const [target, m] of this.#posted) if (m.size) data.posted[target] = Object.fromEntries(m);
    const body = JSON.stringify(data);
    this.#saving = this.#saving.catch(() => {}).then(() => writeFileAtomic(this.#path, body));
    return this.#saving;
  }
}

/** The map kept under `key`, created empty the first time. */
function entryOf<V>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = maps.get(key);
  if (!m) {
    m = new Map();
    maps.set(key, m);
  }
  return m;
}
