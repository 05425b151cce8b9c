// Function calls and aggregations, with Prometheus' argument-count and
// argument-type checks (checkAST) and its parse-time checks (unknown or
// experimental function, aggregation arity).
import { FUNCTIONS } from './functions.ts';
import type { Token } from './lexer.ts';
import type { ParserState } from './state.ts';
import { documentedType } from './typeNames.ts';
import type { AggregateExpr, Call, Expr, ValueType } from './types.ts';

/** Parses an expression (supplied by the caller to avoid an import cycle). */
export type ExprParser = () => Expr;

/** `( expr, expr, ... )`; returns the arguments and the offset after ')'. */
export function parseArgs(p: ParserState, parseExpr: ExprParser): { args: Expr[]; end: number } {
  p.expect('(', '', '');
  const args: Expr[] = [];
  if (!p.is(')')) {
    for (;;) {
      args.push(parseExpr());
      const comma = p.accept(',');
      if (comma === undefined) break;
      if (p.is(')')) {
        p.error({ start: comma.s, end: comma.e }, 'trailing commas not allowed in function call args');
        break;
      }
    }
  }
  const close = p.accept(')') ?? p.unexpected('function call', '"," or ")"');
  return { args, end: close.e };
}

/** `name(args)`. */
export function parseCall(p: ParserState, name: Token, parseExpr: ExprParser): Call {
  const { args, end } = parseArgs(p, parseExpr);
  const spec = FUNCTIONS.get(name.v);
  const nameSpan = { start: name.s, end: name.e };
  if (spec === undefined) p.error(nameSpan, `unknown function with name ${JSON.stringify(name.v)}`);
  else if (spec.experimental) p.error(nameSpan, `function ${JSON.stringify(name.v)} is not enabled`);
  const span = { start: name.s, end };
  if (spec !== undefined) {
    const n = spec.argTypes.length;
    const q = JSON.stringify(spec.name);
    if (spec.variadic === 0 && n !== args.length) {
      p.typeError(span, `expected ${n} argument(s) in call to ${q}, got ${args.length}`);
    } else if (spec.variadic !== 0 && n - 1 > args.length) {
      p.typeError(span, `expected at least ${n - 1} argument(s) in call to ${q}, got ${args.length}`);
    } else if (spec.variadic > 0 && n - 1 + spec.variadic < args.length) {
      p.typeError(
        span,
        `expected at most ${n - 1 + spec.variadic} argument(s) in call to ${q}, got ${args.length}`,
      );
    }
    args.forEach((arg, i) => {
      if (i >= n && spec.variadic === 0) return;
      const want = spec.argTypes[Math.min(i, n - 1)] as ValueType;
      if (arg.valueType !== want) {
        p.typeError(
          arg,
          `expected type ${documentedType(want)} in call to function ${q}, got ${documentedType(arg.valueType)}`,
        );
      }
    });
  }
  return { type: 'Call', func: name.v, args, valueType: spec?.returnType ?? 'none', ...span };
}

const WITH_PARAM = new Set(['topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio']);
const SCALAR_PARAM = new Set(['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio']);
const EXPERIMENTAL_AGGREGATORS = new Set(['limitk', 'limit_ratio']);

/** `op [by|without (labels)] (args) [by|without (labels)]`. */
export function parseAggregate(p: ParserState, op: Token, parseExpr: ExprParser): AggregateExpr | Expr {
  let grouping = parseGroupingClause(p);
  const { args, end } = parseArgs(p, parseExpr);
  if (grouping === undefined) grouping = parseGroupingClause(p);
  const span = { start: op.s, end: grouping?.end ?? end };
  const base = { type: 'AggregateExpr' as const, op: op.v, valueType: 'vector' as const, ...span };
  const node = { ...base, grouping: grouping?.labels ?? [], without: grouping?.without ?? false };
  const desired = WITH_PARAM.has(op.v) ? 2 : 1;
  if (args.length === 0) {
    p.error(span, 'no arguments for aggregate expression provided');
    return {
      ...node,
      param: undefined,
      expr: { type: 'NumberLiteral', value: 0, valueType: 'scalar', ...span },
    };
  }
  if (EXPERIMENTAL_AGGREGATORS.has(op.v)) {
    p.error(
      span,
      `${op.v}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`,
    );
  } else if (args.length !== desired) {
    p.error(
      span,
      `wrong number of arguments for aggregate expression provided, expected ${desired}, got ${args.length}`,
    );
  }
  const expr = args[desired - 1] ?? (args[0] as Expr);
  const param = desired === 2 ? args[0] : undefined;
  if (expr.valueType !== 'vector') {
    p.typeError(
      expr,
      `expected type instant vector in aggregation expression, got ${documentedType(expr.valueType)}`,
    );
  }
  const want = SCALAR_PARAM.has(op.v) ? 'scalar' : op.v === 'count_values' ? 'string' : undefined;
  if (param !== undefined && want !== undefined && param.valueType !== want) {
    p.typeError(
      param,
      `expected type ${documentedType(want)} in aggregation parameter, got ${documentedType(param.valueType)}`,
    );
  }
  return { ...node, param, expr };
}

interface Grouping {
  labels: string[];
  without: boolean;
  end: number;
}

function parseGroupingClause(p: ParserState): Grouping | undefined {
  const kw = p.accept('kw', 'by') ?? p.accept('kw', 'without');
  if (kw === undefined) return undefined;
  const { labels, end } = parseGroupingLabels(p);
  return { labels, without: kw.v === 'without', end };
}

/** Every keyword can be a grouping label except `without` (the grammar's maybe_label). */
const LABEL_KEYWORDS_EXCLUDED = new Set(['without']);

/** `(label, "quoted.label", ...)` as used by by/without/on/ignoring/group_left. */
export function parseGroupingLabels(p: ParserState): { labels: string[]; end: number } {
  if (!p.is('(')) p.unexpected('grouping opts', '"("');
  p.next();
  const labels: string[] = [];
  while (!p.is(')')) {
    const tok = p.peek();
    if (tok.t === 'ident' || tok.t === 'metric' || (tok.t === 'kw' && !LABEL_KEYWORDS_EXCLUDED.has(tok.v))) {
      labels.push(p.src.slice(tok.s, tok.e));
    } else if (tok.t === 'str') {
      const name = p.unquoteToken(tok);
      if (name === '') p.error({ start: tok.s, end: tok.e }, 'invalid label name for grouping: ""');
      labels.push(name);
    } else p.unexpected('grouping opts', 'label');
    p.next();
    if (p.accept(',') === undefined && !p.is(')')) p.unexpected('grouping opts', '"," or ")"');
  }
  return { labels, end: p.next().e };
}
