import { expandAlertTemplate } from '../../src/index.ts';
import { type OracleCase, type OracleResult, runOracle } from './oracle.ts';

/** Our rendering of an oracle case, in the oracle's shape. */
export async function renderOurs(c: OracleCase): Promise<OracleResult> {
  const res = await expandAlertTemplate(c.text, {
    ruleName: c.name,
    labels: c.labels ?? {},
    externalLabels: c.externalLabels ?? {},
    externalURL: c.externalURL ?? '',
    value: Number(c.value === '+Inf' ? 'Infinity' : c.value === '-Inf' ? '-Infinity' : c.value),
    nowMs: c.nowMs ?? 0,
    query: async (q) => {
      const samples = c.queries?.[q] ?? c.queries?.['*'];
      if (!samples) throw new Error(`no such query in the test case: ${q}`);
      return samples.map((s) => ({ labels: s.labels, value: Number(s.value) }));
    },
  });
  return res.ok ? { output: res.text } : { output: '', error: res.error };
}

/** A case where we and Prometheus differ. */
export interface Mismatch {
  case: OracleCase;
  go: OracleResult;
  ours: OracleResult;
}

/** Renders all cases with Prometheus and with us; returns the ones that differ. */
export async function compareAll(cases: readonly OracleCase[]): Promise<Mismatch[]> {
  const go = runOracle(cases);
  const out: Mismatch[] = [];
  for (let i = 0; i < cases.length; i++) {
    const ours = await renderOurs(cases[i]!);
    const g = go[i]!;
    if (ours.output !== g.output || (ours.error ?? '') !== (g.error ?? '')) {
      out.push({ case: cases[i]!, go: g, ours });
    }
  }
  return out;
}
