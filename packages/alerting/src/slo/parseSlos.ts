/**
 * The `slos:` spec: service, SLI as good/total (or errors/total) PromQL with a `{{window}}`
 * placeholder for the range, objective (0..1) and window. Found inline in the alerting config or
 * in files listed by `slo_files`.
 */

import { checkPromql } from '../rules/checkPromql.ts';
import type { Checker } from '../shared/checker.ts';

/** One SLO. */
export interface SloSpec {
  readonly name: string;
  readonly service: string;
  /** Target ratio of good events, e.g. 0.999. */
  readonly objective: number;
  /** Compliance window in ms (informational: burn rates are relative to the budget). */
  readonly windowMs: number;
  /** PromQL of good events per second over `{{window}}` (or undefined when `errors` is given). */
  readonly good?: string;
  readonly errors?: string;
  readonly total: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Replaces `{{window}}` (or `{{.window}}`, `{{ window }}`) with a range like `5m`. */
export function withWindow(query: string, window: string): string {
  return query.replace(/\{\{\s*\.?window\s*\}\}/g, window);
}

const NAME = /^[a-zA-Z0-9_-]+$/;

/** Reads a list of SLOs at `path`. */
export function parseSlos(c: Checker, raw: unknown, path: (string | number)[]): SloSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    c.fail(path, 'expected a list of SLOs ({ name, service, objective, window, sli: { good, total } })');
    return [];
  }
  const out: SloSpec[] = [];
  const names = new Set<string>();
  raw.forEach((item, i) => {
    const p = [...path, i];
    const obj = c.map(item, p, true);
    if (!obj) return;
    const before = c.issues.length;
    c.keys(obj, p, ['name', 'service', 'objective', 'window', 'sli', 'labels', 'annotations']);
    const name = c.str(obj, 'name', p, true) ?? '';
    if (name && !NAME.test(name)) c.fail([...p, 'name'], `expected letters, digits, - and _, got '${name}'`);
    if (names.has(name)) c.fail([...p, 'name'], `duplicate SLO name '${name}'`);
    names.add(name);
    const service = c.str(obj, 'service', p, true) ?? '';
    const objective = c.num(obj, 'objective', p, true);
    if (objective !== undefined && (objective <= 0 || objective >= 1)) {
      c.fail([...p, 'objective'], `expected a ratio between 0 and 1 like 0.999, got ${objective}`);
    }
    const windowMs = c.duration(obj, 'window', p) ?? 30 * 86_400_000;
    const sli = c.map(obj.sli, [...p, 'sli'], true) ?? {};
    c.keys(sli, [...p, 'sli'], ['good', 'errors', 'total']);
    const good = c.str(sli, 'good', [...p, 'sli']);
    const errors = c.str(sli, 'errors', [...p, 'sli']);
    const total = c.str(sli, 'total', [...p, 'sli'], true);
    if ((good === undefined) === (errors === undefined))
      c.fail([...p, 'sli'], 'expected exactly one of good or errors');
    for (const [k, q] of [
      ['good', good],
      ['errors', errors],
      ['total', total],
    ] as const) {
      if (q === undefined) continue;
      if (!/\{\{\s*\.?window\s*\}\}/.test(q))
        c.fail([...p, 'sli', k], 'expected a {{window}} placeholder for the range, e.g. [{{window}}]');
      const err = checkPromql(withWindow(q, '5m'));
      if (err) c.fail([...p, 'sli', k], err);
    }
    const labels = c.strMap(obj, 'labels', p) ?? {};
    const annotations = c.strMap(obj, 'annotations', p) ?? {};
    if (c.issues.length > before || objective === undefined || total === undefined) return;
    out.push({
      name,
      service,
      objective,
      windowMs,
      ...(good !== undefined ? { good } : {}),
      ...(errors !== undefined ? { errors } : {}),
      total,
      labels,
      annotations,
    });
  });
  return out;
}
