import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPromql } from '../../src/rules/checkPromql.ts';

test('an expression cut short names the bracket left open, or says an operand is missing', () => {
  assert.equal(
    checkPromql('sum(rate(errors_total{code=~"5.."}[5m]) / sum(rate(requests_total[5m]))'),
    "PromQL syntax error: '(' at character 4 is never closed (expected ')')",
  );
  assert.equal(
    checkPromql('up{job="a(b"'),
    "PromQL syntax error: '{' at character 3 is never closed (expected '}')",
  );
  assert.match(checkPromql('rate(x[5m]) > ') ?? '', /ends after 'rate\(x\[5m\]\) >' \(expected more\)/);
  assert.equal(checkPromql('sum(rate(x[5m]))'), undefined);
  assert.match(checkPromql('sum(rate(x[5m])) by') ?? '', /PromQL syntax error/);
});
