/**
 * Go's strconv float formatting (verbs e, f, g) done on the exact decimal value of the double,
 * rounding half to even as Go does (JS toFixed/toPrecision round exact ties up, so they differ).
 */

interface Decimal {
  /** Significant digits without leading or trailing zeros; '' for zero. */
  digits: string;
  /** Decimal point position: value = 0.digits × 10^dp. */
  dp: number;
}

function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  if (mant === 0n) return { digits: '', dp: 0 };
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return { digits: digits.replace(/0+$/, ''), dp };
}

function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const [mant = '', exp = '0'] = x.toExponential().split('e');
  return { digits: mant.replace('.', '').replace(/0+$/, ''), dp: Number(exp) + 1 };
}

/** Rounds to `nd` significant digits, half to even on the exact value. */
function roundDigits(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up = next > 5;
  if (next === 5) {
    const tie = nd + 1 === d.digits.length;
    up = !tie || (nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1);
  }
  if (!up) return { digits: d.digits.slice(0, nd).replace(/0+$/, ''), dp: d.dp };
  const arr = d.digits.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && arr[i] === '9') i--;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  arr[i] = String(Number(arr[i]) + 1);
  return { digits: arr.slice(0, i + 1).join(''), dp: d.dp };
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? d.digits[i]! : '0';
}

function fmtE(d: Decimal, prec: number, e: string): string {
  let out = d.digits.length === 0 ? '0' : d.digits[0]!;
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(d, i);
  }
  const exp = d.digits.length === 0 ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return `${out}${e}${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function fmtF(d: Decimal, prec: number): string {
  let out = '';
  if (d.dp > 0) {
    for (let i = 0; i < d.dp; i++) out += digitAt(d, i);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) out += digitAt(d, d.dp + i);
  }
  return out;
}

/**
 * Formats a float as Go's strconv.FormatFloat(x, verb, prec, 64) does, for verbs e, E, f, F, g, G
 * (prec -1 = shortest representation that round-trips).
 */
export function formatFloat(x: number, verb: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(abs);
  } else {
    d = exactDecimal(abs);
    if (verb === 'e' || verb === 'E') d = roundDigits(d, prec + 1);
    else if (verb === 'f' || verb === 'F') d = roundDigits(d, d.dp + prec);
    else d = roundDigits(d, prec === 0 ? 1 : prec);
  }
  let body: string;
  if (verb === 'e' || verb === 'E') {
    body = fmtE(d, shortest ? Math.max(d.digits.length - 1, 0) : prec, verb);
  } else if (verb === 'f' || verb === 'F') {
    body = fmtF(d, shortest ? Math.max(d.digits.length - d.dp, 0) : prec);
  } else {
    body = fmtG(d, shortest, shortest ? d.digits.length : prec === 0 ? 1 : prec, verb === 'g' ? 'e' : 'E');
  }
  return neg ? `-${body}` : body;
}

function fmtG(d: Decimal, shortest: boolean, precIn: number, e: string): string {
  let prec = precIn;
  const nd = d.digits.length;
  let eprec = prec;
  if (eprec > nd && nd >= d.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(d, prec - 1, e);
  }
  if (prec > d.dp) prec = nd;
  return fmtF(d, Math.max(prec - d.dp, 0));
}
