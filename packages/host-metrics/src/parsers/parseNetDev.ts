/** Counters of one network interface from /proc/net/dev. */
export interface InterfaceCounters {
  readonly name: string;
  readonly rxBytes: number;
  readonly rxErrors: number;
  readonly rxDropped: number;
  readonly txBytes: number;
  readonly txErrors: number;
  readonly txDropped: number;
}

/**
 * Parses /proc/net/dev, skipping the two header lines and the loopback interface (traffic to
 * oneself saturates nothing).
 */
export function parseNetDev(text: string): InterfaceCounters[] {
  const result: InterfaceCounters[] = [];
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (name === 'lo' || f.length < 16 || !f.every(Number.isFinite)) continue;
    result.push({
      name,
      rxBytes: f[0] ?? 0,
      rxErrors: f[2] ?? 0,
      rxDropped: f[3] ?? 0,
      txBytes: f[8] ?? 0,
      txErrors: f[10] ?? 0,
      txDropped: f[11] ?? 0,
    });
  }
  return result;
}
