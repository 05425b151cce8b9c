// Which series a query reads: every selector's metric name and matchers,
// found with an explicit stack so a very long expression cannot overflow it.
import type { Expr, LabelMatcher } from './types.ts';

/** One selector in a query. */
export interface SelectedSeries {
  /** The metric name if the selector fixes one with `=` (outside or inside the braces). */
  readonly metric: string | undefined;
  /** Every matcher, the metric name included as `__name__`. */
  readonly matchers: readonly LabelMatcher[];
  /** Where the selector starts in the expression (UTF-16 offset). */
  readonly start: number;
}

/** The selectors of an expression, in source order. */
export function selectedSeries(expr: Expr): SelectedSeries[] {
  const out: SelectedSeries[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    switch (e.type) {
      case 'VectorSelector': {
        const name = e.matchers.find((m) => m.name === '__name__' && m.op === '=');
        out.push({ metric: name?.value, matchers: e.matchers, start: e.start });
        break;
      }
      case 'MatrixSelector':
        stack.push(e.selector);
        break;
      case 'SubqueryExpr':
      case 'UnaryExpr':
      case 'ParenExpr':
        stack.push(e.expr);
        break;
      case 'Call':
        stack.push(...e.args);
        break;
      case 'AggregateExpr':
        stack.push(e.expr);
        if (e.param !== undefined) stack.push(e.param);
        break;
      case 'BinaryExpr':
        stack.push(e.lhs, e.rhs);
        break;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The distinct metric names a query selects by name (selectors without one are skipped). */
export function selectedMetricNames(expr: Expr): string[] {
  const names = new Set<string>();
  for (const s of selectedSeries(expr)) if (s.metric !== undefined) names.add(s.metric);
  return [...names].sort();
}

/** The distinct label names a query's matchers mention (`__name__` excluded). */
export function selectedLabelNames(expr: Expr): string[] {
  const names = new Set<string>();
  for (const s of selectedSeries(expr))
    for (const m of s.matchers) if (m.name !== '__name__') names.add(m.name);
  return [...names].sort();
}
