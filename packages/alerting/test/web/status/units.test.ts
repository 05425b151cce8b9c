import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { formatValue, unitOfExpr, unitOfRule } from '../../../src/web/status/units.ts';

const REPO = resolve(import.meta.dirname, '../../../../..');

test('a 998 ms latency prints as milliseconds, not as 99.8 %, and 2.3 s keeps its unit', () => {
  assert.equal(formatValue(0.998, 'seconds'), '998 ms');
  assert.equal(formatValue(2.3, 'seconds'), '2.3 s');
  assert.equal(formatValue(0.0004, 'seconds'), '400 µs');
  assert.equal(formatValue(0.31, 'ratio'), '31.0 %');
  assert.equal(formatValue(1, 'ratio'), '100.0 %');
  assert.equal(formatValue(1.5 * 1024 ** 3, 'bytes'), '1.5 GiB');
  assert.equal(formatValue(Number.NaN, 'seconds'), '–');
});

test('the unit comes from a unit annotation, else from the metric names of the expression', () => {
  assert.equal(unitOfRule({ unit: 'bytes' }, 'nodejs_heap_used'), 'bytes');
  assert.equal(
    unitOfRule({ unit: 'whatever' }, 'x_seconds'),
    'seconds',
    'an unknown word falls back to the names',
  );
  assert.equal(
    unitOfExpr(
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))',
    ),
    'seconds',
  );
  assert.equal(
    unitOfExpr('sum(rate(x_seconds_count{error_type!=""}[5m])) / sum(rate(x_seconds_count[5m]))'),
    'ratio',
    'a quotient of counts of a seconds histogram is a ratio',
  );
  assert.equal(unitOfExpr('rate(x_seconds_sum[5m]) / rate(x_seconds_count[5m])'), 'seconds');
  assert.equal(unitOfExpr('process_resident_memory_bytes'), 'bytes');
  assert.equal(unitOfExpr('sum(rate(requests_total[5m]))'), 'number');
});

test('every shipped rule gets the unit its values are in', () => {
  const units: Record<string, string> = {};
  for (const file of [
    'deploy/alerting/rules/golden-signals.yml',
    'deploy/alerting/demo/rules/demo-shop.yml',
  ]) {
    const doc = parse(readFileSync(resolve(REPO, file), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string; annotations?: Record<string, string> }> }>;
    };
    for (const g of doc.groups)
      for (const r of g.rules) units[r.alert] = unitOfRule(r.annotations ?? {}, r.expr);
  }
  assert.equal(units.HTTPErrorRatio, 'ratio');
  assert.equal(units.HTTPLatencyP99, 'seconds');
  assert.equal(units.ApdexLow, 'ratio');
  assert.equal(units.MemorySaturation, 'ratio');
  assert.equal(units.EventLoopDelay, 'seconds');
  assert.equal(units.CheckoutErrorRatio, 'ratio');
  assert.equal(units.CheckoutLatencyP99, 'seconds');
});
