// Runs our parser and Prometheus' on the same expressions and sums up.
import { parsePromql } from '../../src/index.ts';
import { prometheusVerdicts } from './oracle.ts';

/** How far our verdicts agree with Prometheus 3.16 on a set of expressions. */
export interface Agreement {
  readonly total: number;
  readonly verdicts: number;
  /** Rejected by both with the same message and the same line:column. */
  readonly sameError: number;
  readonly rejectedByPrometheus: number;
  readonly disagreements: string[];
}

/** Compares verdicts; a disagreement is described with both answers. */
export function compareWithPrometheus(exprs: readonly string[]): Agreement {
  const theirs = prometheusVerdicts(exprs);
  let verdicts = 0;
  let sameError = 0;
  let rejected = 0;
  const disagreements: string[] = [];
  exprs.forEach((expr, i) => {
    const p = theirs[i] ?? { ok: false, error: 'missing' };
    const ours = parsePromql(expr);
    if (!p.ok) rejected++;
    if (ours.ok === p.ok) verdicts++;
    else {
      const why = ours.ok ? 'ok' : ours.errors[0]?.message;
      disagreements.push(
        `${JSON.stringify(expr.slice(0, 300))}: Prometheus ${p.ok ? 'ok' : p.error}; ours ${why}`,
      );
    }
    if (!ours.ok && !p.ok) {
      const e = ours.errors[0];
      if (e !== undefined && p.error === `${e.line}:${e.column}: parse error: ${e.message}`) sameError++;
    }
  });
  return { total: exprs.length, verdicts, sameError, rejectedByPrometheus: rejected, disagreements };
}

/** One line for the test log. */
export function summary(a: Agreement): string {
  return (
    `${a.verdicts}/${a.total} verdicts agree (${a.rejectedByPrometheus} rejected by Prometheus; ` +
    `same message and position on ${a.sameError} of them)`
  );
}
