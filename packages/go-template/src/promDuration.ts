const UNITS: Record<string, [bigint, number]> = {
  ms: [1_000_000n, 7],
  s: [1_000_000_000n, 6],
  m: [60_000_000_000n, 5],
  h: [3_600_000_000_000n, 4],
  d: [86_400_000_000_000n, 3],
  w: [604_800_000_000_000n, 2],
  y: [31_536_000_000_000_000n, 1],
};

const MAX = (1n << 63n) - 1n;

function parseUnsigned(s: string): bigint {
  if (s === '0') return 0n;
  if (s === '') throw new Error('empty duration string');
  const invalid = (): Error => new Error(`not a valid duration string: ${JSON.stringify(s)}`);
  let dur = 0n;
  let lastPos = 0;
  let rest = s;
  while (rest !== '') {
    const num = /^[0-9]+/.exec(rest);
    if (!num) throw invalid();
    const v = BigInt(num[0]);
    if (v >= 1n << 64n) throw invalid();
    rest = rest.slice(num[0].length);
    const unitText = /^[^0-9]*/.exec(rest)![0];
    if (unitText === '') throw invalid();
    rest = rest.slice(unitText.length);
    const unit = UNITS[unitText];
    if (!unit) throw new Error(`unknown unit ${JSON.stringify(unitText)} in duration ${JSON.stringify(s)}`);
    if (unit[1] <= lastPos) throw invalid();
    lastPos = unit[1];
    if (v > (1n << 63n) / unit[0]) throw new Error('duration out of range');
    dur += v * unit[0];
    if (dur > MAX) throw new Error('duration out of range');
  }
  return dur;
}

/** Prometheus' parseDuration template function: model.ParseDurationAllowNegative, in seconds. */
export function parsePromDuration(s: string): number {
  const neg = s.startsWith('-');
  const ns = parseUnsigned(neg ? s.slice(1) : s);
  const secs = Number(ns) / 1e9;
  return neg ? -secs : secs;
}
