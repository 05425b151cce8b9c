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
    if (errorAt >= expr.trimEnd().length) return endsEarly(expr);
    const near = expr.slice(errorAt, errorAt + 20);
    return `PromQL syntax error at character ${errorAt + 1} (near '${near}')`;
  }
  return undefined;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** An error at the very end: say which bracket was left open, or that an operand is missing. */
function endsEarly(expr: string): string {
  const open: Array<{ ch: string; at: number }> = [];
  let quote = '';
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (CLOSER[ch]) open.push({ ch, at: i });
    else if (open.length && ch === CLOSER[open.at(-1)?.ch ?? '']) open.pop();
  }
  const last = open.at(-1);
  if (last)
    return `PromQL syntax error: '${last.ch}' at character ${last.at + 1} is never closed (expected '${CLOSER[last.ch]}')`;
  return `PromQL syntax error: the expression ends after '${expr.trimEnd().slice(-20)}' (expected more)`;
}
