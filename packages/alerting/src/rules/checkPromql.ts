/**
 * PromQL syntax check at load, with the parser Prometheus' own UI uses (@prometheus-io/lezer-promql),
 * so a typo fails `check` instead of failing at 3 a.m.
 */
import { parser } from '@prometheus-io/lezer-promql';

/** Returns undefined when `expr` parses, else a message naming the offset and what is wrong there. */
export function checkPromql(expr: string): string | undefined {
  if (expr.trim() === '') return 'empty expression: expected PromQL';
  const tree = parser.parse(expr);
  let errorAt = -1;
  tree.iterate({
    enter(node) {
      if (errorAt >= 0) return false;
      if (node.type.isError) {
        errorAt = node.from;
        return false;
      }
      return undefined;
    },
  });
  if (errorAt >= 0) {
    // Function names are keywords in the grammar: an unknown one fails at its '('.
    const fn = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expr.slice(0, errorAt));
    if (expr[errorAt] === '(' && fn) return `PromQL: unknown function '${fn[1]}'`;
    const near = expr.slice(errorAt, errorAt + 20) || 'end of expression';
    return `PromQL syntax error at character ${errorAt + 1} (near '${near}')`;
  }
  return undefined;
}
