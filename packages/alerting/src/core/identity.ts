/**
 * Alert identity: the label set without `severity`, so a change of severity updates the same alert
 * (an escalation) instead of starting a new one whose `for` restarts (prometheus#4169).
 */
import { createHash } from 'node:crypto';

/** Labels that never take part in identity. */
const NOT_IDENTITY = new Set(['severity']);

/** Hex fingerprint of `labels` minus severity; order-independent. */
export function fingerprint(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels)
    .filter((k) => !NOT_IDENTITY.has(k))
    .sort();
  const h = createHash('sha256');
  for (const k of keys) h.update(`${k}\u0000${labels[k]}\u0001`);
  return h.digest('hex').slice(0, 16);
}
