/**
 * The PromQL check at load: `@golden-signals/promql` gives the verdict Prometheus 3.16's parser
 * gives (types, argument counts, regexps, any length), so what `check` passes Prometheus runs.
 */
import { parsePromql } from '@golden-signals/promql';

/** Where in the expression Prometheus' first error is (1-based, within the expression), and what. */
export interface PromqlProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** The first error Prometheus would print for `expr`, or undefined when it parses. */
export function findPromqlProblem(expr: string): PromqlProblem | undefined {
  if (expr.trim() === '') return { message: 'empty expression: expected PromQL', line: 1, column: 1 };
  const r = parsePromql(expr);
  if (r.ok) return undefined;
  const e = r.errors[0];
  if (!e) return { message: 'could not parse expression', line: 1, column: 1 };
  return { message: clip(e.message), line: e.line, column: e.column };
}

/** Returns undefined when `expr` parses, else Prometheus' message with its line:column in `expr`. */
export function checkPromql(expr: string): string | undefined {
  const p = findPromqlProblem(expr);
  return p && `PromQL ${p.line}:${p.column}: ${p.message}`;
}

/** Prometheus quotes the offending text: never more than ~200 characters of it. */
function clip(text: string): string {
  return text.length > 240 ? `${text.slice(0, 200)}... (${text.length} characters)` : text;
}
