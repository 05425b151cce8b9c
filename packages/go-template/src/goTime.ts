import type { GoDuration, GoTime } from './values.ts';

const NS_PER_S = 1_000_000_000n;

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

/** Civil date from days since 1970-01-01 (proleptic Gregorian), as Go's time package counts. */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** time.Time.String() for a UTC time: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function timeString(t: GoTime): string {
  let secs = t.ns / NS_PER_S;
  let frac = t.ns % NS_PER_S;
  if (frac < 0n) {
    frac += NS_PER_S;
    secs -= 1n;
  }
  const days = Number(secs >= 0n ? secs / 86400n : (secs - 86399n) / 86400n);
  const sod = Number(secs - BigInt(days) * 86400n);
  const [y, m, d] = civil(days);
  const fracText = frac === 0n ? '' : `.${pad(frac, 9).replace(/0+$/, '')}`;
  const hms = `${pad(Math.floor(sod / 3600), 2)}:${pad(Math.floor(sod / 60) % 60, 2)}:${pad(sod % 60, 2)}`;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)} ${hms}${fracText} +0000 UTC`;
}

function fracString(v: bigint, unit: bigint, digits: number): string {
  const whole = v / unit;
  const rest = v % unit;
  if (rest === 0n) return String(whole);
  return `${whole}.${pad(rest, digits).replace(/0+$/, '')}`;
}

/** time.Duration.String(): `1h2m3.5s`, `150ms`, `0s`. */
export function durationString(d: GoDuration): string {
  const neg = d.ns < 0n;
  const u = neg ? -d.ns : d.ns;
  const sign = neg ? '-' : '';
  if (u === 0n) return '0s';
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fracString(u, 1000n, 3)}µs`;
  if (u < NS_PER_S) return `${sign}${fracString(u, 1_000_000n, 6)}ms`;
  const h = u / (3600n * NS_PER_S);
  const m = (u / (60n * NS_PER_S)) % 60n;
  const s = fracString(u % (60n * NS_PER_S), NS_PER_S, 9);
  if (h > 0n) return `${sign}${h}h${m}m${s}s`;
  if (m > 0n) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}
