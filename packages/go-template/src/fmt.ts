import { formatFloat } from './floatFormat.ts';
import { durationString, timeString } from './goTime.ts';
import {
  GoDuration,
  GoFunc,
  GoMap,
  GoNamedString,
  GoNilPointer,
  GoSlice,
  GoStruct,
  GoTime,
  type GoValue,
  goTypeName,
} from './values.ts';

/** Go's %v of a value (`top` is false inside composites, where pointers print as addresses in Go). */
export function formatV(v: GoValue, top = true): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatFloat(v, 'g', -1);
    case 'bigint':
    case 'boolean':
      return String(v);
  }
  if (v instanceof GoMap) {
    return `map[${v
      .sortedKeys()
      .map((k) => `${k}:${formatV(v.entries.get(k) ?? null, false)}`)
      .join(' ')}]`;
  }
  if (v instanceof GoStruct) {
    const body = `{${[...v.fields.values()].map((f) => formatV(f, false)).join(' ')}}`;
    return v.typeName.startsWith('*') && top ? `&${body}` : body;
  }
  if (v instanceof GoSlice) return `[${v.items.map((i) => formatV(i, false)).join(' ')}]`;
  if (v instanceof GoNamedString) return v.value;
  if (v instanceof GoDuration) return durationString(v);
  if (v instanceof GoTime) return timeString(v);
  if (v instanceof GoNilPointer) return '<nil>';
  if (v instanceof GoFunc) return '0x0';
  return String(v);
}

function isStringKind(v: GoValue): boolean {
  return typeof v === 'string' || v instanceof GoNamedString;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && !isStringKind(a) && !isStringKind(args[i - 1]!)) out += ' ';
    out += formatV(a);
  });
  return out;
}

/** fmt.Sprintln: always spaces, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  return `${args.map((a) => formatV(a)).join(' ')}\n`;
}

/** Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(s: string, spec: Spec, zeroOk = true): string {
  const len = [...s].length;
  if (spec.width === undefined || len >= spec.width) return s;
  const fill = spec.width - len;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && zeroOk) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

function withSign(body: string, neg: boolean, spec: Spec): string {
  if (neg) return `-${body}`;
  if (spec.plus) return `+${body}`;
  if (spec.space) return ` ${body}`;
  return body;
}

function fmtInt(v: bigint, verb: string, spec: Spec): string | undefined {
  const neg = v < 0n;
  const u = neg ? -v : v;
  let digits: string;
  switch (verb) {
    case 'd':
    case 'v':
      digits = u.toString(10);
      break;
    case 'x':
      digits = u.toString(16);
      break;
    case 'X':
      digits = u.toString(16).toUpperCase();
      break;
    case 'o':
      digits = u.toString(8);
      if (spec.sharp && digits[0] !== '0') digits = `0${digits}`;
      break;
    case 'b':
      digits = u.toString(2);
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(v)), spec, false);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(v))}'`, spec, false);
    default:
      return undefined;
  }
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  if (spec.sharp && (verb === 'x' || verb === 'X')) digits = `0${verb}${digits}`;
  return pad(withSign(digits, neg, spec), spec, spec.prec === undefined);
}

function fmtFloatVerb(v: number, verb: string, spec: Spec): string | undefined {
  const map: Record<string, ['e' | 'E' | 'f' | 'F' | 'g' | 'G', number]> = {
    v: ['g', -1],
    g: ['g', -1],
    G: ['G', -1],
    e: ['e', 6],
    E: ['E', 6],
    f: ['f', 6],
    F: ['f', 6],
  };
  if (verb === 'x' || verb === 'X')
    return pad(withSign(hexFloat(v, verb), false, spec), spec, Number.isFinite(v));
  const m = map[verb];
  if (!m) return undefined;
  let s = formatFloat(v, m[0], spec.prec ?? m[1]);
  if (s === 'NaN') return pad(spec.plus ? '+NaN' : spec.space ? ' NaN' : 'NaN', spec, false);
  if (!s.startsWith('-') && !s.startsWith('+')) s = withSign(s, false, spec);
  else if (s.startsWith('+') && !spec.plus) s = spec.space ? ` ${s.slice(1)}` : s;
  return pad(s, spec, !s.includes('Inf'));
}

function fmtString(s: string, verb: string, spec: Spec): string | undefined {
  const cut = spec.prec === undefined ? s : [...s].slice(0, spec.prec).join('');
  switch (verb) {
    case 's':
    case 'v':
      return pad(cut, spec);
    case 'q':
      return pad(spec.plus ? asciiQuote(goQuote(cut)) : goQuote(cut), spec);
    case 'x':
    case 'X': {
      const hex = [...Buffer.from(cut, 'utf8')].map((b) => b.toString(16).padStart(2, '0'));
      const text = hex.join(spec.space ? ' ' : '');
      return pad(verb === 'X' ? text.toUpperCase() : text, spec);
    }
    default:
      return undefined;
  }
}

function fmtOne(v: GoValue, verb: string, spec: Spec): string {
  let out: string | undefined;
  if (verb === 'T') return pad(v === null ? '<nil>' : goTypeName(v), spec, false);
  if (verb === 'v' && spec.sharp && typeof v === 'string') return pad(goQuote(v), spec, false);
  if (typeof v === 'bigint') out = fmtInt(v, verb, spec);
  else if (typeof v === 'number') out = fmtFloatVerb(v, verb, spec);
  else if (typeof v === 'string') out = fmtString(v, verb, spec);
  else if (v instanceof GoNamedString) out = fmtString(v.value, verb, spec);
  else if (typeof v === 'boolean')
    out = verb === 't' || verb === 'v' ? pad(String(v), spec, false) : undefined;
  else if (v === null) out = verb === 'v' ? pad('<nil>', spec, false) : `%!${verb}(<nil>)`;
  else if (verb === 'v' || verb === 's') out = pad(formatV(v), spec, false);
  return out ?? `%!${verb}(${goTypeName(v)}=${formatV(v)})`;
}

/** fmt.Sprintf with Go's verbs, flags, width and precision, and its `%!` error texts. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    const w = /^\d+/.exec(format.slice(i));
    if (w) {
      spec.width = Number(w[0]);
      i += w[0].length;
    }
    if (format[i] === '.') {
      i++;
      const p = /^\d+/.exec(format.slice(i));
      spec.prec = p ? Number(p[0]) : 0;
      if (p) i += p[0].length;
    }
    if (spec.minus) spec.zero = false;
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += fmtOne(args[argi++]!, verb, spec);
  }
  if (argi < args.length) {
    const extra = args.slice(argi).map((a) => (a === null ? '<nil>' : `${goTypeName(a)}=${formatV(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

/** %+q: only ASCII in the quoted text, as strconv.QuoteToASCII. */
function asciiQuote(q: string): string {
  let out = '';
  for (const ch of q) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** %x of a float64: Go's hexadecimal mantissa and binary exponent, e.g. 0x1.8p+00. */
function hexFloat(v: number, verb: string): string {
  if (!Number.isFinite(v)) return formatFloat(v, 'g', -1);
  const neg = v < 0 || Object.is(v, -0);
  let body: string;
  if (v === 0) {
    body = '0x0p+00';
  } else {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, Math.abs(v));
    const bits = view.getBigUint64(0);
    let exp = Number((bits >> 52n) & 0x7ffn);
    let mant = bits & ((1n << 52n) - 1n);
    if (exp === 0) {
      // Subnormal: normalise so the leading digit is 1.
      exp = -1022;
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n;
        exp--;
      }
      mant &= (1n << 52n) - 1n;
    } else {
      exp -= 1023;
    }
    const frac = mant.toString(16).padStart(13, '0').replace(/0+$/, '');
    const e = Math.abs(exp);
    body = `0x1${frac ? `.${frac}` : ''}p${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  const s = neg ? `-${body}` : body;
  return verb === 'X' ? s.toUpperCase() : s;
}
