// Durations in `[range:step]` and after `offset`: literals (`5m`, `90`,
// `1.5`) and 3.x duration arithmetic (`5m + step()`, `min_of(1m, range())`),
// which Prometheus 3.16 accepts by default.
import type { Token } from './lexer.ts';
import { durationOutOfRange, parseDuration, parseNumber } from './literals.ts';
import type { ParserState } from './state.ts';
import type { DurationNode } from './types.ts';

/** A duration node and where it was written. */
export interface Placed {
  readonly node: DurationNode;
  readonly start: number;
  readonly end: number;
}

const PREC: Record<string, number> = { '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 6 };

/** The value of a number or duration token, in seconds. */
export function literalSeconds(p: ParserState, tok: Token): number {
  try {
    return tok.t === 'dur' ? parseDuration(tok.v) : parseNumber(tok.v);
  } catch (e) {
    p.error({ start: tok.s, end: tok.e }, (e as Error).message);
    return 0;
  }
}

/** Full duration arithmetic, as inside brackets. */
export function parseDurationExpr(p: ParserState, minPrec = 0): Placed {
  let lhs = parseDurationUnary(p);
  for (;;) {
    const op = p.peek();
    const prec = PREC[op.t];
    if (prec === undefined || prec < minPrec) return lhs;
    p.next();
    const rhs = parseDurationExpr(p, op.t === '^' ? prec : prec + 1);
    if ((op.t === '/' || op.t === '%') && rhs.node.kind === 'literal' && rhs.node.seconds === 0) {
      p.error({ start: op.s, end: op.e }, op.t === '/' ? 'division by zero' : 'modulo by zero');
    }
    lhs = {
      node: { kind: 'binary', op: op.t, lhs: lhs.node, rhs: rhs.node },
      start: lhs.start,
      end: rhs.end,
    };
  }
}

function parseDurationUnary(p: ParserState): Placed {
  const sign = p.accept('+') ?? p.accept('-');
  if (sign === undefined) return parseDurationAtom(p);
  // Unary minus binds like '*': `-2^2` is -(2^2) but `-2*2` is (-2)*2.
  const inner = parseDurationExpr(p, 6);
  return applySign(p, sign, inner);
}

function applySign(p: ParserState, sign: Token, inner: Placed): Placed {
  const op = sign.t as '+' | '-';
  if (inner.node.kind === 'literal') {
    const seconds = op === '-' ? -inner.node.seconds : inner.node.seconds;
    if (durationOutOfRange(seconds)) p.error({ start: sign.s, end: sign.e }, 'duration out of range');
    return { node: { kind: 'literal', seconds }, start: sign.s, end: inner.end };
  }
  return {
    node: op === '-' ? { kind: 'unary', op, expr: inner.node } : inner.node,
    start: sign.s,
    end: inner.end,
  };
}

/** A literal, step(), range(), min_of/max_of(a, b) or a parenthesised duration expression. */
function parseDurationAtom(p: ParserState): Placed {
  const tok = p.peek();
  if (tok.t === 'num' || tok.t === 'dur') {
    p.next();
    const seconds = literalSeconds(p, tok);
    if (durationOutOfRange(seconds)) p.error({ start: tok.s, end: tok.e }, 'duration out of range');
    return { node: { kind: 'literal', seconds }, start: tok.s, end: tok.e };
  }
  if (tok.t === '(') {
    p.next();
    const inner = parseDurationExpr(p);
    const close = p.expect(')', 'duration expression', '")"');
    // A parenthesised literal is no longer a bare literal (Prometheus wraps it).
    return { node: { kind: 'unary', op: '+', expr: inner.node }, start: tok.s, end: close.e };
  }
  if (tok.t === 'kw' && (tok.v === 'step' || tok.v === 'range')) {
    p.next();
    p.expect('(', 'duration expression', '"("');
    const close = p.expect(')', 'duration expression', '")"');
    return { node: { kind: tok.v }, start: tok.s, end: close.e };
  }
  if (tok.t === 'kw' && (tok.v === 'min_of' || tok.v === 'max_of')) {
    p.next();
    p.expect('(', 'duration expression', '"("');
    const a = parseDurationExpr(p);
    p.expect(',', 'duration expression', '","');
    const b = parseDurationExpr(p);
    const close = p.expect(')', 'duration expression', '")"');
    return { node: { kind: tok.v, lhs: a.node, rhs: b.node }, start: tok.s, end: close.e };
  }
  return p.unexpected('duration expression', 'number, duration, step(), or range()');
}

/** After `offset`: one signed atom; what follows is a binary operator of the outer expression. */
export function parseOffsetDuration(p: ParserState): Placed {
  const sign = p.accept('+') ?? p.accept('-');
  const tok = p.peek();
  const ok =
    tok.t === 'num' ||
    tok.t === 'dur' ||
    tok.t === '(' ||
    (tok.t === 'kw' && /^(step|range|min_of|max_of)$/.test(tok.v));
  if (!ok) p.unexpected('offset', 'number, duration, step(), or range()');
  const atom = parseDurationAtom(p);
  return sign === undefined ? atom : applySign(p, sign, atom);
}

/** A range or step: a bare literal must be > 0 (expressions are checked at evaluation). */
export function checkPositive(p: ParserState, d: Placed): void {
  if (d.node.kind === 'literal' && d.node.seconds <= 0) p.error(d, 'duration must be greater than 0');
}
