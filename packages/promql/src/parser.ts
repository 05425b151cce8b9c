// The expression parser. Binary operator chains are parsed with explicit
// operand/operator stacks (no recursion per operator), so a 10,000-term
// `or` chain costs no stack depth; only nesting (parentheses, calls) recurses.
import { type BinaryModifiers, makeBinary, makeUnary, PRECEDENCE } from './binary.ts';
import { parseAggregate, parseCall, parseGroupingLabels } from './call.ts';
import { literalSeconds } from './duration.ts';
import { type Token, tokenize } from './lexer.ts';
import { parsePostfix } from './postfix.ts';
import { parseVectorSelector } from './selector.ts';
import { isAggregator, ParserState, type RawError, SyntaxFailure } from './state.ts';
import type { Expr, ParseResult, PromqlError, VectorMatching } from './types.ts';

/** Keywords that name a metric when they stand alone (the grammar's metric_identifier). */
const METRIC_KEYWORDS = new Set([
  'by',
  'fill',
  'fill_left',
  'fill_right',
  'and',
  'or',
  'unless',
  'offset',
  'without',
  'start',
  'end',
  'step',
  'range',
  'anchored',
  'smoothed',
  'max_of',
  'min_of',
]);
/** Keywords that are function names when followed by '('. */
const FUNCTION_KEYWORDS = new Set(['start', 'end', 'step', 'range', 'max_of', 'min_of']);

type Pending =
  | { kind: 'unary'; op: '+' | '-'; start: number }
  | { kind: 'bin'; op: string; prec: number; tok: Token; mods: BinaryModifiers };

/**
 * Parses and type-checks a PromQL expression the way Prometheus 3.16 does by
 * default (no experimental functions, no fill modifiers, no unquoted UTF-8 names).
 */
export function parsePromql(src: string): ParseResult {
  const p = new ParserState(src, tokenize(src));
  try {
    if (p.is('eof')) throw new SyntaxFailure('no expression found in input', { start: 0, end: 0 });
    const expr = parseExpr(p);
    if (!p.is('eof')) p.unexpected('', '');
    const errors = p.errors.length > 0 ? p.errors : p.typeErrors;
    if (errors.length > 0) return { ok: false, errors: errors.map((e) => locate(src, e)) };
    return { ok: true, expr };
  } catch (e) {
    return { ok: false, errors: failure(p, e).map((x) => locate(src, x)) };
  }
}

/** Errors recorded before a thrown failure come first, as in Prometheus' list. */
function failure(p: ParserState, e: unknown): RawError[] {
  const whole = { start: 0, end: p.src.length };
  if (e instanceof SyntaxFailure) return [...p.errors, { message: e.message, ...e.span }];
  // Nesting (not length) recurses; past about 2,000 levels the stack runs out. Prometheus'
  // table-driven parser has no such limit, so say so instead of crashing.
  if (e instanceof RangeError) {
    return [
      { message: 'expression nested too deeply for this parser (more than about 2,000 levels)', ...whole },
    ];
  }
  // A bug here must not take the alerting process down with it: report it as this expression's error.
  return [{ message: `internal error in the PromQL parser: ${(e as Error).message}`, ...whole }];
}

function locate(src: string, e: RawError): PromqlError {
  const before = src.slice(0, e.start);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  return { message: e.message, start: e.start, end: e.end, line, column: e.start - lineStart + 1 };
}

function binaryOp(tok: Token): string | undefined {
  const op = tok.t === 'kw' ? tok.v : tok.t;
  return PRECEDENCE.has(op) && (tok.t === 'kw') === /^[a-z]/.test(op) ? op : undefined;
}

/** One full expression, up to the first token that cannot continue it. */
export function parseExpr(p: ParserState): Expr {
  const operands: Expr[] = [];
  const ops: Pending[] = [];
  const reduce = (): void => {
    const top = ops.pop() as Pending;
    const rhs = operands.pop() as Expr;
    if (top.kind === 'unary') operands.push(makeUnary(p, top.op, top.start, rhs));
    else {
      const lhs = operands.pop() as Expr;
      operands.push(makeBinary(p, top.op, { start: top.tok.s, end: top.tok.e }, lhs, rhs, top.mods));
    }
  };
  for (;;) {
    for (let sign = p.accept('+') ?? p.accept('-'); sign; sign = p.accept('+') ?? p.accept('-')) {
      ops.push({ kind: 'unary', op: sign.t as '+' | '-', start: sign.s });
    }
    operands.push(parsePostfix(p, parsePrimary(p)));
    const tok = p.peek();
    const op = binaryOp(tok);
    if (op === undefined) break;
    const prec = PRECEDENCE.get(op) as number;
    for (let top = ops.at(-1); top !== undefined; top = ops.at(-1)) {
      // Unary +/- has the precedence of '*' (so `-a^b` is -(a^b)); '^' is right-associative.
      const topPrec = top.kind === 'unary' ? 5 : top.prec;
      if (topPrec > prec || (topPrec === prec && op !== '^')) reduce();
      else break;
    }
    p.next();
    ops.push({ kind: 'bin', op, prec, tok, mods: parseModifiers(p) });
  }
  while (ops.length > 0) reduce();
  return operands[0] as Expr;
}

function parsePrimary(p: ParserState): Expr {
  const tok = p.peek();
  switch (tok.t) {
    case 'num':
    case 'dur':
      p.next();
      return {
        type: 'NumberLiteral',
        value: literalSeconds(p, tok),
        valueType: 'scalar',
        start: tok.s,
        end: tok.e,
      };
    case 'str':
      p.next();
      return {
        type: 'StringLiteral',
        value: p.unquoteToken(tok),
        valueType: 'string',
        start: tok.s,
        end: tok.e,
      };
    case '(': {
      p.next();
      const inner = parseExpr(p);
      const close = p.accept(')') ?? p.unexpected('paren expression', '")"');
      return { type: 'ParenExpr', expr: inner, valueType: inner.valueType, start: tok.s, end: close.e };
    }
    case '{':
      return parseVectorSelector(p, undefined);
    case 'ident':
      p.next();
      return p.is('(') ? parseCall(p, tok, () => parseExpr(p)) : parseVectorSelector(p, tok);
    case 'metric':
      p.next();
      return parseVectorSelector(p, tok);
    case 'kw':
      return parseKeywordPrimary(p, tok);
  }
  return p.unexpected('', '');
}

function parseKeywordPrimary(p: ParserState, tok: Token): Expr {
  p.next();
  const follow = p.peek();
  if (isAggregator(tok.v)) {
    if (follow.t === '(' || (follow.t === 'kw' && (follow.v === 'by' || follow.v === 'without'))) {
      return parseAggregate(p, tok, () => parseExpr(p));
    }
    return parseVectorSelector(p, tok);
  }
  if (FUNCTION_KEYWORDS.has(tok.v) && follow.t === '(') return parseCall(p, tok, () => parseExpr(p));
  if (METRIC_KEYWORDS.has(tok.v)) return parseVectorSelector(p, tok);
  p.i--;
  return p.unexpected('', '');
}

/** `bool`, `on(...)`/`ignoring(...)`, `group_left(...)`/`group_right(...)`, `fill(...)`. */
function parseModifiers(p: ParserState): BinaryModifiers {
  const returnBool = p.accept('kw', 'bool') !== undefined;
  let matching: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };
  const onTok = p.accept('kw', 'on') ?? p.accept('kw', 'ignoring');
  if (onTok !== undefined) {
    matching = { ...matching, on: onTok.v === 'on', labels: parseGroupingLabels(p).labels };
    const group = p.accept('kw', 'group_left') ?? p.accept('kw', 'group_right');
    if (group !== undefined) {
      const include = p.is('(') ? parseGroupingLabels(p).labels : [];
      matching = { ...matching, card: group.v === 'group_left' ? 'many-to-one' : 'one-to-many', include };
    }
  }
  parseFill(p);
  return { returnBool, matching };
}

function parseFill(p: ParserState): void {
  for (let i = 0; i < 2; i++) {
    const fill = p.accept('kw', 'fill') ?? p.accept('kw', 'fill_left') ?? p.accept('kw', 'fill_right');
    if (fill === undefined) return;
    p.expect('(', 'fill modifier', '"("');
    if (!p.accept('+')) p.accept('-');
    const n = p.peek();
    if (n.t !== 'num' && n.t !== 'dur') p.unexpected('fill modifier', 'number');
    p.next();
    const close = p.expect(')', 'fill modifier', '")"');
    if (i === 0)
      p.error({ start: fill.s, end: close.e }, 'binop fill modifiers are experimental and not enabled');
    if (fill.v === 'fill') return;
  }
}
