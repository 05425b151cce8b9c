// The defects of issue #13 in the PromQL check, the AST the integrator gets,
// and error positions. Expected verdicts and messages come from Prometheus
// 3.16 itself (tools/oracle-promql), never from a list written here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Expr,
  parsePromql,
  selectedLabelNames,
  selectedMetricNames,
  selectedSeries,
} from '../src/index.ts';
import { prometheusVerdicts } from './helpers/oracle.ts';

/** Our first error as Prometheus prints it: `line:col: parse error: message`. */
function ourError(expr: string): string | undefined {
  const r = parsePromql(expr);
  if (r.ok) return undefined;
  const e = r.errors[0];
  return e && `${e.line}:${e.column}: parse error: ${e.message}`;
}

test('the PromQL that the lezer-only check let through is rejected with Prometheus message and position', () => {
  const exprs = [
    'rate(up)',
    'up{job=~"(["}',
    '{}',
    'histogram_quantile(0.9)',
    'up{__name__="up"}',
    'topk(up)',
    'sum(up, up)',
    'up and 1',
    'up + bool up',
    'up[5m] + 1',
    'up[0s]',
    '1 > 1',
    'up offset 5m[5m]',
    'sum(up) offset 5m',
    'up{job=~"a{2,1}"}',
    'count_values(5, up)',
    'label_join(up, "a")',
    'holt_winters(up[5m], 0.5, 0.5)',
    'limitk(5, up)',
    'info(up)',
    '{job=~".*"}',
  ];
  const theirs = prometheusVerdicts(exprs);
  exprs.forEach((expr, i) => {
    assert.equal(theirs[i]?.ok, false, `Prometheus accepts ${expr}`);
    assert.equal(ourError(expr), theirs[i]?.error, expr);
  });
});

test('what Prometheus 3.16 accepts by default is accepted (number offsets, UTF-8 names, duration arithmetic)', () => {
  const exprs = [
    'up offset 5',
    '{"metric.name", job="a"}',
    'sum by ("a.b") (up)',
    'up[5m + step()]',
    'rate(up[5m:1m] offset -1m @ start())',
    '0x1F + 1e3 + Inf - NaN + 5m',
    'sum by (__name__) (up)',
    'up + on(job) group_left(instance) up',
  ];
  const theirs = prometheusVerdicts(exprs);
  exprs.forEach((expr, i) => {
    assert.equal(theirs[i]?.ok, true, `Prometheus rejects ${expr}: ${theirs[i]?.error}`);
    assert.equal(ourError(expr), undefined, expr);
  });
});

test('errors in multi-line expressions carry the line and column Prometheus reports', () => {
  const exprs = [
    'sum(\n  rate(up)\n)',
    'up\n  and\n    1',
    'a{\n  job=~"("\n}',
    'x +\n\n  y{}',
    'up\n@ 1 @ 2',
  ];
  const theirs = prometheusVerdicts(exprs);
  exprs.forEach((expr, i) => {
    assert.equal(ourError(expr), theirs[i]?.error, expr);
  });
});

test('the AST says what the query does', () => {
  const r = parsePromql(
    'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / on(job) group_left up > bool 0.1',
  );
  assert.ok(r.ok);
  const cmp = r.expr;
  assert.equal(cmp.type, 'BinaryExpr');
  if (cmp.type !== 'BinaryExpr') return;
  assert.equal(cmp.op, '>');
  assert.equal(cmp.returnBool, true);
  const div = cmp.lhs;
  assert.equal(div.type === 'BinaryExpr' && div.op, '/');
  if (div.type !== 'BinaryExpr') return;
  assert.deepEqual(div.matching, { card: 'many-to-one', on: true, labels: ['job'], include: [] });
  const agg = div.lhs as Extract<Expr, { type: 'AggregateExpr' }>;
  assert.deepEqual([agg.type, agg.op, agg.grouping, agg.without], ['AggregateExpr', 'sum', ['job'], false]);
  const call = agg.expr as Extract<Expr, { type: 'Call' }>;
  assert.equal(call.func, 'rate');
  const range = call.args[0] as Extract<Expr, { type: 'MatrixSelector' }>;
  assert.deepEqual(range.range, { kind: 'literal', seconds: 300 });
  assert.equal(range.selector.name, 'http_requests_total');
});

test('selectedSeries lists the metrics and labels a query reads, at any length', () => {
  const r = parsePromql(
    'rate(a_total{job="x"}[5m]) / ignoring(code) b{code!=""} or {__name__="c", env="prod"} or vector(1)',
  );
  assert.ok(r.ok);
  assert.deepEqual(selectedMetricNames(r.expr), ['a_total', 'b', 'c']);
  assert.deepEqual(selectedLabelNames(r.expr), ['code', 'env', 'job']);
  assert.equal(selectedSeries(r.expr).length, 3);
  const long = parsePromql(Array.from({ length: 20_000 }, (_, i) => `m${i}`).join(' or '));
  assert.ok(long.ok);
  assert.equal(selectedMetricNames(long.expr).length, 20_000);
});

test('an empty expression or a stray character is an error, not a crash', () => {
  for (const expr of ['', '   ', '# comment only', 'up $', '\u0000', 'sum(', '"unterminated', 'up{job="a"']) {
    const r = parsePromql(expr);
    assert.equal(r.ok, false, expr);
  }
});

test('very deep nesting is reported as an error, never a crash', () => {
  const r = parsePromql(`${'('.repeat(20_000)}up${')'.repeat(20_000)}`);
  assert.equal(r.ok, false);
  assert.match(r.errors?.[0]?.message ?? '', /nested too deeply/);
});
