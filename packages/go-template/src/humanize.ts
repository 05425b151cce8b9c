import { sprintf } from './fmt.ts';
import { GoDuration, GoNamedString, GoTime, type GoValue, goTypeName } from './values.ts';

/** Go's strconv.ParseFloat(s, 64), with its error texts. */
export function parseGoFloat(s: string): number {
  const bad = (why: string): Error => new Error(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: ${why}`);
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return Number.NaN;
  let v: number;
  if (/^[+-]?(\d(_?\d)*\.?(\d(_?\d)*)?|\.\d(_?\d)*)([eE][+-]?\d+)?$/.test(s) && !s.includes('_')) {
    v = Number(s);
  } else if (/^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/.test(s)) {
    v = parseHexFloat(s);
  } else {
    throw bad('invalid syntax');
  }
  if (!Number.isFinite(v)) throw bad('value out of range');
  return v;
}

function parseHexFloat(s: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s)!;
  const mant = BigInt(`0x${m[2] || '0'}${m[3]}`);
  const exp = Number(m[4]) - 4 * m[3]!.length;
  const v = Number(mant) * 2 ** exp;
  return m[1] === '-' ? -v : v;
}

/** prometheus/common's ConvertToFloat. */
export function convertToFloat(i: GoValue): number {
  if (typeof i === 'number') return i;
  if (typeof i === 'string') return parseGoFloat(i);
  if (typeof i === 'bigint') return Number(i);
  if (i instanceof GoDuration) return Number(i.ns) / 1e9;
  throw new Error(`can't convert ${i === null ? '<nil>' : goTypeName(i)} to float`);
}

const g4 = (v: number, suffix = ''): string => sprintf('%.4g', [v]) + suffix;

/** humanize: SI prefixes, 4 significant digits. */
export function humanize(i: GoValue): string {
  let v = convertToFloat(i);
  if (v === 0 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v, prefix);
  }
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v, prefix);
}

/** humanize1024: binary prefixes. */
export function humanize1024(i: GoValue): string {
  let v = convertToFloat(i);
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return g4(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v, prefix);
}

/** humanizePercentage: a 0..1 ratio as a percentage. */
export function humanizePercentage(i: GoValue): string {
  return g4(convertToFloat(i) * 100, '%');
}

/** humanizeDuration: seconds as `1d 2h 3m 4s`, or with SI prefixes below a second. */
export function humanizeDuration(i: GoValue): string {
  let v = convertToFloat(i);
  if (!Number.isFinite(v)) return g4(v);
  if (v === 0) return g4(v, 's');
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    v = Math.abs(v);
    const d = BigInt(Math.trunc(v));
    const secs = d % 60n;
    const mins = (d / 60n) % 60n;
    const hours = (d / 3600n) % 24n;
    const days = d / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${mins}m ${secs}s`;
    if (hours !== 0n) return `${sign}${hours}h ${mins}m ${secs}s`;
    if (mins !== 0n) return `${sign}${mins}m ${secs}s`;
    return `${sign}${g4(v)}s`;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v, `${prefix}s`);
}

const INT64_MAX = 2 ** 63;

/** Prometheus' floatToTime: seconds to a UTC time, truncated to milliseconds as model.Time does. */
export function floatToTime(v: number): GoTime {
  if (!Number.isFinite(v)) throw new Error('value is NaN or Inf');
  const ts = v * 1e9;
  if (ts > INT64_MAX || ts < -INT64_MAX) {
    throw new Error(
      `${sprintf('%v', [v])} cannot be represented as a nanoseconds timestamp since it overflows int64`,
    );
  }
  const ns = BigInt(Math.trunc(ts));
  const ms = ns / 1_000_000n;
  return new GoTime(ms * 1_000_000n);
}

/** humanizeTimestamp: seconds since the epoch as a UTC time. */
export function humanizeTimestamp(i: GoValue): GoValue {
  const v = convertToFloat(i);
  if (!Number.isFinite(v)) return g4(v);
  return sprintf('%v', [floatToTime(v)]);
}

/** toDuration: seconds as a time.Duration (nanoseconds, truncated). */
export function toDuration(i: GoValue): GoDuration {
  const v = convertToFloat(i) * 1e9;
  if (Number.isNaN(v) || v >= INT64_MAX || v < -INT64_MAX) return new GoDuration(-(2n ** 63n));
  return new GoDuration(BigInt(Math.trunc(v)));
}

/** html/template.HTML, what safeHtml returns. */
export function safeHtml(s: string): GoNamedString {
  return new GoNamedString(s, 'template.HTML');
}
