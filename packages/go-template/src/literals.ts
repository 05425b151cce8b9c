/** Go's strconv.Unquote for "..." and `...` literals, and parse.NewNumber for number literals. */

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Thrown for a malformed literal; Go reports it as `invalid syntax`. */
export class LiteralError extends Error {}

function unescapeBody(body: string, quote: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === quote && quote !== '`') throw new LiteralError('invalid syntax');
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new LiteralError('invalid syntax');
    if (e in SIMPLE_ESCAPES && (e !== "'" || quote === "'") && (e !== '"' || quote === '"')) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
      continue;
    }
    const lens: Record<string, number> = { x: 2, u: 4, U: 8 };
    const n = lens[e];
    if (n !== undefined) {
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new LiteralError('invalid syntax');
      const cp = Number.parseInt(hex, 16);
      if (e === 'x') out += Buffer.from([cp]).toString('latin1');
      else if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new LiteralError('invalid syntax');
      else out += String.fromCodePoint(cp);
      i += 2 + n;
      continue;
    }
    if (/[0-7]/.test(e)) {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || Number.parseInt(oct, 8) > 255) throw new LiteralError('invalid syntax');
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += 4;
      continue;
    }
    throw new LiteralError('invalid syntax');
  }
  return out;
}

/** strconv.Unquote of a string literal token. */
export function unquote(token: string): string {
  const q = token[0];
  if (token.length < 2 || token[token.length - 1] !== q) throw new LiteralError('invalid syntax');
  const body = token.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new LiteralError('invalid syntax');
    return body.replaceAll('\r', '');
  }
  if (q !== '"' && q !== "'") throw new LiteralError('invalid syntax');
  return unescapeBody(body, q);
}

/** The value of a number literal, as Go's parse.NumberNode records it. */
export interface NumberValue {
  isInt: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int: bigint;
  float: number;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function parseIntLiteral(text: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  let body = m[2]!;
  if (body.includes('_')) {
    if (/__|_$/.test(body)) return undefined;
    body = body.replaceAll('_', '');
  }
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  const v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** Parses a number or character literal; throws with Go's message when it is malformed. */
export function parseNumber(text: string, isChar: boolean, isComplex: boolean): NumberValue {
  if (isChar) {
    const s = unquote(text);
    const cps = [...s];
    if (cps.length !== 1) throw new LiteralError(`malformed character constant: ${text}`);
    const v = BigInt(cps[0]!.codePointAt(0)!);
    return { isInt: true, isFloat: true, isComplex: false, int: v, float: Number(v) };
  }
  if (isComplex) throw new LiteralError(`complex numbers are not supported: ${text}`);
  const res: NumberValue = { isInt: false, isFloat: false, isComplex: false, int: 0n, float: 0 };
  const i = parseIntLiteral(text);
  if (i !== undefined && i >= INT64_MIN && i <= INT64_MAX) {
    res.isInt = true;
    res.int = i;
    res.isFloat = true;
    res.float = Number(i);
    return res;
  }
  if (i !== undefined && i > INT64_MAX && i < 1n << 64n) {
    res.isFloat = true;
    res.float = Number(i);
    return res;
  }
  const clean = text.replaceAll('_', '');
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(clean);
  if (hex) {
    const mant = BigInt(`0x${hex[2] || '0'}${hex[3]}`);
    const f = Number(mant) * 2 ** (Number(hex[4]) - 4 * hex[3]!.length) * (hex[1] === '-' ? -1 : 1);
    return finishFloat(res, f);
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
    const f = Number(clean);
    if (Number.isFinite(f)) {
      if (!/[.eEpP]/.test(text)) throw new LiteralError(`integer overflow: "${text}"`);
      return finishFloat(res, f);
    }
  }
  throw new LiteralError(`illegal number syntax: "${text}"`);
}

function finishFloat(res: NumberValue, f: number): NumberValue {
  res.isFloat = true;
  res.float = f;
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
    res.isInt = true;
    res.int = BigInt(f);
  }
  return res;
}
