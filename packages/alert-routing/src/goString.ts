/**
 * Go's string quoting rules (strconv.Unquote / strconv.Quote), which Alertmanager's UTF-8 matcher
 * parser uses for double-quoted names and values: `"db\\d+"` is the regex `db\d+`, while `"db\d+"`
 * is invalid input (Go has no `\d` escape), exactly as Alertmanager answers.
 */

const SIMPLE: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '"': 34,
};

const utf8 = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function hexRun(s: string, from: number, n: number): number | undefined {
  const digits = s.slice(from, from + n);
  return digits.length === n && /^[0-9a-fA-F]+$/.test(digits) ? Number.parseInt(digits, 16) : undefined;
}

/** One escape after a backslash at `i` (the index of the letter): the bytes it stands for and its length. */
function goEscape(s: string, i: number): { bytes: number[]; len: number } | undefined {
  const c = s[i] ?? '';
  const simple = SIMPLE[c];
  if (simple !== undefined) return { bytes: [simple], len: 1 };
  if (c === 'x') {
    const v = hexRun(s, i + 1, 2);
    return v === undefined ? undefined : { bytes: [v], len: 3 };
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    const v = hexRun(s, i + 1, n);
    // Go rejects surrogate halves and values past the last code point.
    if (v === undefined || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
    return { bytes: [...utf8.encode(String.fromCodePoint(v))], len: n + 1 };
  }
  if (/[0-7]/.test(c)) {
    const digits = s.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(digits)) return undefined;
    const v = Number.parseInt(digits, 8);
    return v > 255 ? undefined : { bytes: [v], len: 3 };
  }
  return undefined;
}

/**
 * Go's strconv.Unquote for a double-quoted literal, then the UTF-8 check the parser adds.
 * Returns undefined where Go returns an error.
 */
export function goUnquote(quoted: string): string | undefined {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return undefined;
  const s = quoted.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s[i] as string;
    if (c === '\n' || c === '"') return undefined;
    if (c !== '\\') {
      const cp = s.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      bytes.push(...utf8.encode(ch));
      i += ch.length;
      continue;
    }
    const esc = goEscape(s, i + 1);
    if (!esc) return undefined;
    bytes.push(...esc.bytes);
    i += 1 + esc.len;
  }
  try {
    return strictDecoder.decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

const QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's strconv.Quote for printable text and control characters (what a matcher's name or value holds). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = QUOTE_ESCAPES[ch];
    if (esc) out += esc;
    else if (/^[\p{Cc}]$/u.test(ch))
      out += `\\x${(ch.codePointAt(0) as number).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
