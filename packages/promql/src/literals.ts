// Literal values as Prometheus reads them: Go string escapes (strutil.Unquote
// plus the lexer's escape checks), Go number syntax (strconv.ParseInt with
// base 0, then ParseFloat) and Prometheus durations (model.ParseDuration).

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};
const ESCAPE_DIGITS: Record<string, [number, number]> = { x: [2, 16], u: [4, 16], U: [8, 16] };

/** Unquotes a PromQL string token; throws Error with a Prometheus-like message. */
export function unquote(token: string): string {
  const q = token[0] ?? '';
  const body = token.slice(1, -1);
  if (q === '`') return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) out += simple;
    else if (e === q) out += q;
    else if (e >= '0' && e <= '7') {
      const [text, value] = digitsAt(body, i, 3, 8);
      if (value > 255) throw new Error('escape sequence is an invalid Unicode code point');
      out += String.fromCodePoint(value);
      i += text.length - 1;
    } else if (e in ESCAPE_DIGITS) {
      const [n, base] = ESCAPE_DIGITS[e] ?? [0, 0];
      const [text, value] = digitsAt(body, i + 1, n, base);
      const max = e === 'x' ? 255 : 0x10ffff;
      if (value > max || (value >= 0xd800 && value < 0xe000)) {
        throw new Error('escape sequence is an invalid Unicode code point');
      }
      out += String.fromCodePoint(value);
      i += text.length;
    } else throw new Error(`unknown escape sequence U+${hex4(e)}${e ? ` '${e}'` : ''}`);
  }
  return out;
}

function hex4(c: string): string {
  return (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

function digitsAt(s: string, at: number, n: number, base: number): [string, number] {
  const text = s.slice(at, at + n);
  for (const d of text.padEnd(n, '\0')) {
    if (Number.isNaN(Number.parseInt(d, base))) {
      throw new Error(
        d === '\0'
          ? 'escape sequence not terminated'
          : `illegal character U+${hex4(d)} '${d}' in escape sequence`,
      );
    }
  }
  return [text, Number.parseInt(text, base)];
}

/** Reads a NUMBER token: integers with Go base prefixes, floats, Inf and NaN. */
export function parseNumber(text: string): number {
  const lower = text.toLowerCase().replaceAll('_', '');
  if (lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  if (/^0x[0-9a-f]+$/.test(lower)) {
    // Beyond int64 Go falls back to ParseFloat, which wants a 'p' exponent in hex.
    if (BigInt(lower) > 2n ** 63n - 1n) {
      throw new Error(
        `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`,
      );
    }
    return Number.parseInt(lower.slice(2), 16);
  }
  if (/^0[0-7]+$/.test(lower)) return Number.parseInt(lower.slice(1), 8);
  const n = Number(lower);
  if (!Number.isFinite(n) && !Number.isNaN(n)) {
    throw new Error(
      `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(text)}: value out of range`,
    );
  }
  if (Number.isNaN(n))
    throw new Error(
      `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  return n;
}

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
/** The largest duration Go's time.Duration holds, in milliseconds. */
const MAX_MS = 2 ** 63 / 1e6;

/** Parses a Prometheus duration (`1h30m`, `5m`, `100ms`) into seconds. */
export function parseDuration(text: string): number {
  if (text === '') throw new Error('empty duration string');
  if (text === '0') return 0;
  const m = DURATION_RE.exec(text);
  if (m === null) throw new Error(`not a valid duration string: ${JSON.stringify(text)}`);
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * (UNIT_MS[i] ?? 0);
  }
  if (ms > MAX_MS) throw new Error('duration out of range');
  return ms / 1000;
}

/** Whether `seconds` overflows Go's time.Duration (int64 nanoseconds). */
export function durationOutOfRange(seconds: number): boolean {
  return seconds > 2 ** 63 / 1e9 || seconds < -(2 ** 63) / 1e9;
}
