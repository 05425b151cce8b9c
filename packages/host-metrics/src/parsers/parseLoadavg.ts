/** Load averages over 1, 5 and 15 minutes. */
export interface LoadAverage {
  readonly m1: number;
  readonly m5: number;
  readonly m15: number;
}

/** Parses /proc/loadavg (`0.12 0.44 0.26 1/92 7717`); `undefined` if it does not look like one. */
export function parseLoadavg(text: string): LoadAverage | undefined {
  const [m1, m5, m15] = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (m1 === undefined || m5 === undefined || m15 === undefined) return undefined;
  if (![m1, m5, m15].every((v) => Number.isFinite(v) && v >= 0)) return undefined;
  return { m1, m5, m15 };
}
