import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Labels } from '../../alert.ts';
import { writeFileAtomic } from '../../shared/atomicFile.ts';
import { loadJsonFile } from '../../shared/jsonFile.ts';
import { matchAll } from '../matcher.ts';
import type { Matcher, NotifyLogger, Silence } from '../types.ts';

/** Ended silences stay listed this long (Alertmanager keeps them 5 days too), then are dropped. */
const RETENTION_MS = 5 * 86_400_000;

/** What creating a silence needs; `startsAt` defaults to now. */
export interface NewSilence {
  readonly matchers: readonly Matcher[];
  readonly endsAt: number;
  readonly startsAt?: number;
  readonly createdBy: string;
  readonly comment: string;
}

/** Silences in memory, persisted to `silences.json` in state_dir after every change. */
export class SilenceStore {
  readonly #path: string;
  readonly #log: NotifyLogger;
  #items: Silence[] = [];
  #saving: Promise<void> = Promise.resolve();

  constructor(stateDir: string, log: NotifyLogger) {
    this.#path = join(stateDir, 'silences.json');
    this.#log = log;
  }

  /** Loads saved silences; a corrupt file is set aside (renamed) and reported, never fatal. */
  async load(): Promise<void> {
    const { value, corrupt } = await loadJsonFile(this.#path, (data) => {
      const silences = (data as { silences?: Silence[] }).silences;
      if (!Array.isArray(silences)) throw new Error('no silences list');
      return silences.map(upgradeSilence);
    });
    if (value) this.#items = value;
    if (corrupt) {
      this.#log.error('silences file is corrupt; set aside and starting without silences', {
        file: corrupt.movedTo,
        error: corrupt.reason,
      });
    }
  }

  /** Every silence not yet past retention, newest first. */
  list(now: number): Silence[] {
    return this.#items.filter((s) => endOf(s) + RETENTION_MS > now).sort((a, b) => b.startsAt - a.startsAt);
  }

  get(id: string): Silence | undefined {
    return this.#items.find((s) => s.id === id);
  }

  async add(input: NewSilence, now: number): Promise<Silence> {
    const silence: Silence = {
      id: randomUUID(),
      matchers: input.matchers,
      startsAt: input.startsAt ?? now,
      endsAt: input.endsAt,
      createdBy: input.createdBy,
      comment: input.comment,
    };
    this.#items = [...this.list(now), silence];
    await this.#save();
    return silence;
  }

  /**
   * Replaces silence `id` as Alertmanager's `Set` does: kept under its id when its matchers are
   * unchanged and the new times are allowed (an active one keeps its start and may not end in
   * the past; a pending one may not start in the past); otherwise the old one, unless already
   * over, ends now and a new one starts with a new id. Undefined when there is no such silence.
   */
  async replace(id: string, input: NewSilence, now: number): Promise<Silence | undefined> {
    const prev = this.get(id);
    if (!prev) return undefined;
    if (canUpdate(prev, input, now)) {
      const next: Silence = { ...prev, ...fieldsOf(input, prev.startsAt), id };
      this.#items = this.#items.map((x) => (x.id === id ? next : x));
      await this.#save();
      return next;
    }
    this.#end(id, now);
    return this.add({ ...input, startsAt: Math.max(input.startsAt ?? now, now) }, now);
  }

  /** Ends a silence now; false when there is no such active or pending silence. */
  async expire(id: string, now: number): Promise<boolean> {
    if (!this.#end(id, now)) return false;
    await this.#save();
    return true;
  }

  /** Ends an active or pending silence now, in memory only; false when there is none to end. */
  #end(id: string, now: number): boolean {
    const s = this.get(id);
    if (!s || endOf(s) <= now) return false;
    this.#items = this.#items.map((x) => (x.id === id ? { ...x, expiredAt: now } : x));
    return true;
  }

  /** The active silences whose matchers all match `labels`. */
  matching(labels: Labels, now: number): Silence[] {
    return this.#items.filter((s) => s.startsAt <= now && endOf(s) > now && matchAll(s.matchers, labels));
  }

  /** The earliest future start or end of a silence, to wake the pipeline then. */
  nextChange(now: number): number | undefined {
    let next: number | undefined;
    for (const s of this.#items) {
      for (const t of [s.startsAt, endOf(s)]) if (t > now && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  #save(): Promise<void> {
    const body = JSON.stringify({ silences: this.#items }, null, 1);
    this.#saving = this.#saving.catch(() => {}).then(() => writeFileAtomic(this.#path, body));
    return this.#saving;
  }
}

/**
 * A silence as saved by an older version, whose matchers said `op` where alert-routing says
 * `type`. Matching runs on RE2 whatever was saved, so an old `(.*.*)*ZZZ` cannot freeze a
 * restarted service.
 */
function upgradeSilence(s: Silence): Silence {
  const matchers = s.matchers.map((m) => {
    const old = m as Matcher & { op?: Matcher['type'] };
    return old.type === undefined && old.op !== undefined
      ? { name: old.name, type: old.op, value: old.value }
      : m;
  });
  return { ...s, matchers };
}

function canUpdate(prev: Silence, next: NewSilence, now: number): boolean {
  const same =
    prev.matchers.length === next.matchers.length &&
    prev.matchers.every((m, i) => {
      const n = next.matchers[i]!;
      return m.name === n.name && m.type === n.type && m.value === n.value;
    });
  if (!same || endOf(prev) <= now) return false; // an expired silence is never updated
  const startsAt = next.startsAt ?? now;
  if (prev.startsAt <= now)
    return Math.floor(startsAt / 1000) === Math.floor(prev.startsAt / 1000) && next.endsAt >= now;
  return startsAt >= now;
}

function fieldsOf(input: NewSilence, startsAt: number): Omit<Silence, 'id'> {
  return {
    matchers: input.matchers,
    startsAt: input.startsAt ?? startsAt,
    endsAt: input.endsAt,
    createdBy: input.createdBy,
    comment: input.comment,
  };
}

/** When a silence stops applying: its end, or when it was expired early. */
export function endOf(s: Silence): number {
  return s.expiredAt !== undefined && s.expiredAt < s.endsAt ? s.expiredAt : s.endsAt;
}

/** What the silences API gets from the pipeline: the store, a clock, who may write, a change hook. */
export interface SilenceAccess {
  readonly store: SilenceStore;
  readonly now: () => number;
  readonly token?: string;
  /** On loopback only local users can reach the API, so no token is needed. */
  readonly loopback: boolean;
  /** Re-flushes groups so a new or expired silence takes effect at once. */
  readonly changed: () => void;
}
