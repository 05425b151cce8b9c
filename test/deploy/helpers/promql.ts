/** Small PromQL helpers over @prometheus-io/lezer-promql's syntax tree. */
import { parser } from '@prometheus-io/lezer-promql';

const COMPARISONS = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq']);
const NUMBERS = new Set(['NumberDurationLiteral', 'NumberLiteral']);

/**
 * The vector side of every `<expr> <cmp> <number>` in an expression: what the threshold is
 * compared with. `a > 0.05 and b > 0.1` gives `a` and `b`.
 */
export function comparedExpressions(expr: string): string[] {
  const out: string[] = [];
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.name !== 'BinaryExpr') return;
      const left = n.node.firstChild;
      const op = left?.nextSibling;
      const right = n.node.lastChild;
      if (!left || !op || !right || !COMPARISONS.has(op.name)) return;
      if (NUMBERS.has(right.name)) out.push(expr.slice(left.from, left.to));
      else if (NUMBERS.has(left.name)) out.push(expr.slice(right.from, right.to));
    },
  });
  return out;
}

/** Every metric name an expression selects (`foo` in `rate(foo{a="b"}[5m])`). */
export function metricNames(expr: string): string[] {
  const out = new Set<string>();
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.name === 'Identifier' && n.node.parent?.name === 'VectorSelector')
        out.add(expr.slice(n.from, n.to));
    },
  });
  return [...out];
}
