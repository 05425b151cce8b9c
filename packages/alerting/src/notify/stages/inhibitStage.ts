import { inhibitedBy } from '@golden-signals/alert-routing';
import type { Alert } from '../../alert.ts';
import type { InhibitRule } from '../types.ts';

/**
 * True when a firing source alert mutes `target` under some rule, with Alertmanager's rule
 * (alert-routing's `inhibitedBy`): equal labels (missing on both counts as equal), resolved
 * sources ignored, and an alert matching both the source and the target side never mutes itself
 * or its twins (else nobody would be paged for it).
 */
export function isInhibited(target: Alert, firing: readonly Alert[], rules: readonly InhibitRule[]): boolean {
  const sources = firing
    .filter((a) => a.fingerprint !== target.fingerprint)
    .map((a) => ({ labels: a.labels, firing: a.state === 'firing' }));
  return inhibitedBy(target.labels, sources, rules) !== undefined;
}
