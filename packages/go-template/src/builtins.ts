import { formatV, sprint, sprintf, sprintln } from './fmt.ts';
import {
  GoDuration,
  GoFunc,
  GoMap,
  GoNamedString,
  GoNilPointer,
  GoSlice,
  type GoValue,
  goTypeName,
  isTrue,
  type TemplateFunction,
} from './values.ts';

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: GoValue): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint' || v instanceof GoDuration) return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string' || v instanceof GoNamedString) return 'string';
  return 'invalid';
}

function scalar(v: GoValue): string | number | bigint | boolean {
  if (v instanceof GoNamedString) return v.value;
  if (v instanceof GoDuration) return v.ns;
  return v as string | number | bigint | boolean;
}

function eq(a: GoValue, ...rest: GoValue[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (a !== null && b !== null) {
        throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
      }
      continue;
    }
    if (k1 === 'invalid') {
      if (a === null || b === null || a instanceof GoNilPointer || b instanceof GoNilPointer) {
        if ((a === null || a instanceof GoNilPointer) === (b === null || b instanceof GoNilPointer))
          return true;
        continue;
      }
      if (goTypeName(a) !== goTypeName(b)) {
        throw new Error(
          `non-comparable types ${formatV(a)}: ${goTypeName(a)}, ${goTypeName(b)}: ${formatV(b)}`,
        );
      }
      if (a instanceof GoMap || a instanceof GoSlice || a instanceof GoFunc) {
        throw new Error(`non-comparable type ${formatV(b)}: ${goTypeName(b)}`);
      }
      if (a === b) return true;
      continue;
    }
    if (scalar(a) === scalar(b)) return true;
  }
  return false;
}

function lt(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new Error('invalid type for comparison');
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  const x = scalar(a);
  const y = scalar(b);
  if (k1 === 'string') return Buffer.compare(Buffer.from(x as string), Buffer.from(y as string)) < 0;
  return x < y;
}

function bytesOf(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

function toIndex(v: GoValue, cap: number): number {
  if (v === null) throw new Error('cannot index slice/array with nil');
  if (typeof v !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(v)}`);
  if (v < 0n || v > BigInt(cap)) throw new Error(`index out of range: ${v}`);
  return Number(v);
}

function index(item: GoValue, ...idx: GoValue[]): GoValue {
  if (item === null) throw new Error('index of untyped nil');
  let cur: GoValue = item;
  for (const i of idx) {
    if (cur instanceof GoMap) {
      if (i === null) throw new Error('value is nil; should be of type string');
      if (typeof i !== 'string') throw new Error(`value has type ${goTypeName(i)}; should be string`);
      cur = cur.entries.has(i) ? cur.entries.get(i)! : cur.zero;
    } else if (cur instanceof GoSlice) {
      const n = toIndex(i, cur.items.length);
      if (n === cur.items.length) throw new Error(`index out of range: ${n}`);
      cur = cur.items[n]!;
    } else if (typeof cur === 'string') {
      const b = bytesOf(cur);
      const n = toIndex(i, b.length);
      if (n === b.length) throw new Error(`index out of range: ${n}`);
      cur = BigInt(b[n]!);
    } else if (cur instanceof GoNilPointer) {
      throw new Error('index of nil pointer');
    } else {
      throw new Error(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: GoValue, ...idx: GoValue[]): GoValue {
  if (item === null) throw new Error('slice of untyped nil');
  if (idx.length > 3) throw new Error(`too many slice indexes: ${idx.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (idx.length === 3) throw new Error('cannot 3-index slice a string');
    len = bytesOf(item).length;
  } else if (item instanceof GoSlice) {
    len = item.items.length;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const at = [0, len, len];
  idx.forEach((v, i) => {
    at[i] = toIndex(v, len);
  });
  if (at[0]! > at[1]!) throw new Error(`invalid slice index: ${at[0]} > ${at[1]}`);
  if (typeof item === 'string') return bytesOf(item).subarray(at[0], at[1]).toString('utf8');
  return new GoSlice(item.items.slice(at[0], at[1]), item.typeName);
}

function length(item: GoValue): GoValue {
  if (typeof item === 'string') return BigInt(bytesOf(item).length);
  if (item instanceof GoNamedString) return BigInt(bytesOf(item.value).length);
  if (item instanceof GoMap) return BigInt(item.entries.size);
  if (item instanceof GoSlice) return BigInt(item.items.length);
  if (item instanceof GoNilPointer) throw new Error('len of nil pointer');
  throw new Error(`len of type ${item === null ? '<nil>' : goTypeName(item)}`);
}

function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

/** Go's template.HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[&'<>"\0]/g, (c) =>
    c === '\0' ? '\uFFFD' : { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;' }[c]!,
  );
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const esc: Record<string, string> = {
      '\\': '\\\\',
      "'": "\\'",
      '"': '\\"',
      '<': '\\u003C',
      '>': '\\u003E',
    };
    if (esc[ch]) out += esc[ch];
    else if (ch === '&') out += '\\u0026';
    else if (ch === '=') out += '\\u003D';
    else if (c < 0x20) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (c >= 0x80 && !/[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]/u.test(ch)) {
      out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of bytesOf(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const any = (n: number): TemplateFunction['params'] => Array<'any'>(n).fill('any');
const f = (params: TemplateFunction['params'], call: TemplateFunction['call'], variadic = false) => ({
  params,
  call,
  variadic,
});

/** Go's builtin template functions, with their signatures. */
export const BUILTINS: Readonly<Record<string, TemplateFunction>> = {
  and: f(any(2), (...a) => a[a.length - 1]!, true),
  or: f(any(2), (...a) => a[a.length - 1]!, true),
  not: f(any(1), (a) => !(a !== null && isTrue(a))),
  len: f(any(1), length),
  index: f(any(2), index, true),
  slice: f(any(2), slice, true),
  eq: f(any(2), eq, true),
  ne: f(any(2), (a, b) => !eq(a!, b!)),
  lt: f(any(2), (a, b) => lt(a!, b!)),
  le: f(any(2), (a, b) => lt(a!, b!) || eq(a!, b!)),
  gt: f(any(2), (a, b) => !lt(a!, b!) && !eq(a!, b!)),
  ge: f(any(2), (a, b) => !lt(a!, b!)),
  print: f(any(1), (...a) => sprint(a), true),
  printf: f(['string', 'any'], (fmt, ...a) => sprintf(fmt as string, a), true),
  println: f(any(1), (...a) => sprintln(a), true),
  html: f(any(1), (...a) => htmlEscape(evalArgs(a)), true),
  js: f(any(1), (...a) => jsEscape(evalArgs(a)), true),
  urlquery: f(any(1), (...a) => queryEscape(evalArgs(a)), true),
  call: f(
    any(2),
    async (fn, ...a) => {
      if (fn === null) throw new Error('call of nil');
      if (!(fn instanceof GoFunc)) throw new Error(`non-function ${formatV(fn)} of type ${goTypeName(fn)}`);
      return fn.fn.call(...a);
    },
    true,
  ),
};
