// Building a binary expression and the checks Prometheus' checkAST does on it.
import type { ParserState } from './state.ts';
import { documentedType } from './typeNames.ts';
import type { BinaryExpr, Expr, Span, VectorMatching } from './types.ts';

/** Binary operators by precedence (higher binds tighter); `^` is right-associative. */
export const PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['or', 1],
  ['and', 2],
  ['unless', 2],
  ['==', 3],
  ['!=', 3],
  ['<', 3],
  ['<=', 3],
  ['>', 3],
  ['>=', 3],
  ['</', 3],
  ['>/', 3],
  ['+', 4],
  ['-', 4],
  ['*', 5],
  ['/', 5],
  ['%', 5],
  ['atan2', 5],
  ['^', 6],
]);

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

/** What was written between the operator and its right operand. */
export interface BinaryModifiers {
  returnBool: boolean;
  matching: VectorMatching;
}

/** Creates the node; type errors go to the state's type-error list, as checkAST would report them. */
export function makeBinary(
  p: ParserState,
  op: string,
  opSpan: Span,
  lhs: Expr,
  rhs: Expr,
  mods: BinaryModifiers,
): BinaryExpr {
  const span = { start: lhs.start, end: rhs.end };
  const lt = lhs.valueType;
  const rt = rhs.valueType;
  let matching: VectorMatching | undefined = mods.matching;
  if (mods.returnBool && !COMPARISONS.has(op)) {
    p.typeError(opSpan, 'bool modifier can only be used on comparison operators');
  }
  if (COMPARISONS.has(op) && !mods.returnBool && lt === 'scalar' && rt === 'scalar') {
    p.typeError(opSpan, 'comparisons between scalars must use BOOL modifier');
  }
  if (SET_OPS.has(op) && matching.card === 'one-to-one') matching = { ...matching, card: 'many-to-many' };
  if (matching.on) {
    for (const l of matching.labels) {
      if (matching.include.includes(l)) {
        p.typeError(opSpan, `label ${JSON.stringify(l)} must not occur in ON and GROUP clause at once`);
      }
    }
  }
  if (lt !== 'scalar' && lt !== 'vector') {
    p.typeError(lhs, 'binary expression must contain only scalar and instant vector types');
  }
  if (rt !== 'scalar' && rt !== 'vector') {
    p.typeError(rhs, 'binary expression must contain only scalar and instant vector types');
  }
  if (lt !== 'vector' || rt !== 'vector') {
    if (matching.labels.length > 0) p.typeError(span, 'vector matching only allowed between instant vectors');
    matching = undefined;
  } else if (SET_OPS.has(op)) {
    if (matching.card === 'one-to-many' || matching.card === 'many-to-one') {
      p.typeError(span, `no grouping allowed for ${JSON.stringify(op)} operation`);
    }
    if (matching.card !== 'many-to-many') p.typeError(span, 'set operations must always be many-to-many');
  }
  if ((lt === 'scalar' || rt === 'scalar') && SET_OPS.has(op)) {
    p.typeError(span, `set operator ${JSON.stringify(op)} not allowed in binary scalar expression`);
  }
  const valueType = lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
  return { type: 'BinaryExpr', op, lhs, rhs, returnBool: mods.returnBool, matching, valueType, ...span };
}

/** Checks a unary operand and builds `-expr` (numbers fold into their literal, as in Prometheus). */
export function makeUnary(p: ParserState, op: '+' | '-', start: number, expr: Expr): Expr {
  if (expr.type === 'NumberLiteral') {
    return { ...expr, value: op === '-' ? -expr.value : expr.value, start };
  }
  const span = { start, end: expr.end };
  if (expr.valueType !== 'scalar' && expr.valueType !== 'vector') {
    p.typeError(
      span,
      `unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(documentedType(expr.valueType))}`,
    );
  }
  return { type: 'UnaryExpr', op, expr, valueType: expr.valueType, ...span };
}
