import type { Alert } from '../../alert.ts';
import { matchAll } from '../matcher.ts';
import type { InhibitRule } from '../types.ts';

/**
 * True when a firing source alert mutes `target` under some rule: the target matches the rule's
 * target matchers, another firing alert matches its source matchers, and both carry the same
 * values for every `equal` label (a label missing on both counts as equal, as in Alertmanager).
 */
export function isInhibited(target: Alert, firing: readonly Alert[], rules: readonly InhibitRule[]): boolean {
  for (const rule of rules) {
    if (!matchAll(rule.targetMatchers, target.labels)) continue;
    for (const source of firing) {
      if (source.fingerprint === target.fingerprint || source.state !== 'firing') continue;
      if (!matchAll(rule.sourceMatchers, source.labels)) continue;
      if (rule.equal.every((l) => (source.labels[l] ?? '') === (target.labels[l] ?? ''))) return true;
    }
  }
  return false;
}
