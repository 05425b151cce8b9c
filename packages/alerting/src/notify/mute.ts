/**
 * Why an alert is hidden from receivers (Alertmanager's notify.Muter): silences and inhibition
 * sit behind one interface, so the pipeline asks "who mutes this?" without knowing either.
 */
import type { Alert } from '../alert.ts';
import { isInhibited } from './stages/inhibitStage.ts';
import type { SilenceStore } from './stores/silenceStore.ts';
import type { InhibitRule } from './types.ts';

/** What hides an alert: a silence or an inhibit rule. */
export type MuteReason = 'silenced' | 'inhibited';

/** Something that may hide an alert from every receiver at a given time. */
export interface Muter {
  readonly reason: MuteReason;
  mutes(alert: Alert, now: number): boolean;
}

/** Mutes alerts an active silence matches. */
export function silenceMuter(silences: SilenceStore): Muter {
  return { reason: 'silenced', mutes: (a, now) => silences.matching(a.labels, now).length > 0 };
}

/** Mutes firing alerts an inhibit rule's firing source covers; `firing` is read at each call. */
export function inhibitMuter(rules: readonly InhibitRule[], firing: () => readonly Alert[]): Muter {
  return { reason: 'inhibited', mutes: (a) => a.state === 'firing' && isInhibited(a, firing(), rules) };
}

/** The reason of the first muter that hides `alert`, in list order (silences first). */
export function mutedBy(muters: readonly Muter[], alert: Alert, now: number): MuteReason | undefined {
  return muters.find((m) => m.mutes(alert, now))?.reason;
}
