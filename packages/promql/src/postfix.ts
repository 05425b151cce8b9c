// What may follow an operand: `[range]`, `[range:step]`, `offset d`, `@ t`,
// `anchored`, `smoothed`. They bind tighter than any operator, as in
// Prometheus' grammar, and are only valid on selectors and subqueries.
import { checkPositive, literalSeconds, parseDurationExpr, parseOffsetDuration } from './duration.ts';
import type { ParserState } from './state.ts';
import type { Expr, MatrixSelector, Span, SubqueryExpr, TimeModifiers } from './types.ts';

const AT_TARGET =
  '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery';
const OFFSET_TARGET =
  'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery';

/** Applies every postfix modifier that follows `expr`. */
export function parsePostfix(p: ParserState, expr: Expr): Expr {
  let e = expr;
  for (;;) {
    const tok = p.peek();
    if (tok.t === '[') e = parseRangeOrSubquery(p, e);
    else if (tok.t === '@') parseAt(p, e);
    else if (tok.t === 'kw' && tok.v === 'offset') parseOffset(p, e);
    else if (tok.t === 'kw' && (tok.v === 'anchored' || tok.v === 'smoothed')) {
      p.next();
      setFlag(p, e, tok.v, tok.e);
    } else return e;
  }
}

/** The node that holds the modifiers: a selector, the selector inside a range, or a subquery. */
function target(e: Expr): (TimeModifiers & Span & { end: number }) | undefined {
  if (e.type === 'VectorSelector' || e.type === 'SubqueryExpr')
    return e as TimeModifiers & Span & { end: number };
  if (e.type === 'MatrixSelector') return e.selector as TimeModifiers & Span & { end: number };
  return undefined;
}

function widen(e: Expr, end: number): void {
  (e as { end: number }).end = end;
}

function parseRangeOrSubquery(p: ParserState, e: Expr): Expr {
  p.next();
  const range = parseDurationExpr(p);
  checkPositive(p, range);
  if (p.accept(':') !== undefined) {
    let step: ReturnType<typeof parseDurationExpr> | undefined;
    if (!p.is(']')) {
      if (p.peek().t === 'eof' || p.peek().t === 'error') {
        p.unexpected('subquery selector', 'number, duration, step(), range(), or "]"');
      }
      step = parseDurationExpr(p);
      checkPositive(p, step);
    }
    const close = p.accept(']') ?? p.unexpected('subquery selector', '"]"');
    const span = { start: e.start, end: close.e };
    if (e.valueType !== 'vector') {
      p.typeError(span, `subquery is only allowed on instant vector, got ${e.valueType} instead`);
    }
    const sq: SubqueryExpr = {
      type: 'SubqueryExpr',
      expr: e,
      range: range.node,
      step: step?.node,
      valueType: 'matrix',
      ...span,
    };
    return sq;
  }
  const close = p.accept(']') ?? p.unexpected('subquery or range', '":" or "]"');
  const errSpan = { start: range.start - 1, end: close.e };
  if (e.type !== 'VectorSelector') p.error(errSpan, 'ranges only allowed for vector selectors');
  else if (e.offset !== undefined) p.error(errSpan, 'no offset modifiers allowed before range');
  else if (e.at !== undefined) p.error(errSpan, 'no @ modifiers allowed before range');
  const selector =
    e.type === 'VectorSelector'
      ? e
      : {
          type: 'VectorSelector' as const,
          name: undefined,
          matchers: [],
          valueType: 'vector' as const,
          start: e.start,
          end: e.end,
        };
  const m: MatrixSelector = {
    type: 'MatrixSelector',
    selector,
    range: range.node,
    valueType: 'matrix',
    start: e.start,
    end: close.e,
  };
  return m;
}

function parseOffset(p: ParserState, e: Expr): void {
  p.next();
  const d = parseOffsetDuration(p);
  const t = target(e);
  if (t === undefined) {
    p.error(e, OFFSET_TARGET);
    return;
  }
  const set = t.offset !== undefined && !(t.offset.kind === 'literal' && t.offset.seconds === 0);
  if (set) p.error(e, 'offset may not be set multiple times');
  else t.offset = d.node;
  widen(e, d.end);
}

function parseAt(p: ParserState, e: Expr): void {
  p.next();
  const tok = p.peek();
  let at: TimeModifiers['at'];
  let end: number;
  if (tok.t === 'kw' && (tok.v === 'start' || tok.v === 'end')) {
    p.next();
    p.expect('(', '@', 'timestamp');
    end = p.expect(')', '@', 'timestamp').e;
    at = { preprocessor: tok.v };
  } else {
    const sign = p.accept('+') ?? p.accept('-');
    const num = p.peek();
    if (num.t !== 'num' && num.t !== 'dur') p.unexpected('@', 'timestamp');
    p.next();
    const ts = (sign?.t === '-' ? -1 : 1) * literalSeconds(p, num);
    if (!Number.isFinite(ts) || ts >= 2 ** 63 || ts <= -(2 ** 63)) {
      p.error(e, `timestamp out of bounds for @ modifier: ${goFloat(ts)}`);
    }
    at = { timestamp: ts };
    end = num.e;
  }
  const t = target(e);
  if (t === undefined) {
    p.error(e, AT_TARGET);
    return;
  }
  if (t.at !== undefined) {
    p.error(e, '@ <timestamp> may not be set multiple times');
    return;
  }
  t.at = at;
  widen(e, end);
}

function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  return n.toFixed(6);
}

function setFlag(p: ParserState, e: Expr, flag: 'anchored' | 'smoothed', end: number): void {
  const other = flag === 'anchored' ? 'smoothed' : 'anchored';
  if (e.type === 'SubqueryExpr') {
    p.error(e, `${flag} modifier is not supported for subqueries`);
    return;
  }
  const t = target(e);
  if (t === undefined) {
    p.error(e, `${flag} modifier not implemented`);
    return;
  }
  t[flag] = true;
  if (t[other] === true) p.error(e, 'anchored and smoothed modifiers cannot be used together');
  widen(e, end);
}
