import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPromql } from '../../src/rules/checkPromql.ts';

test('what Prometheus rejects fails the check, with its wording and position', () => {
  assert.equal(
    checkPromql('rate(up)'),
    'PromQL 1:6: expected type range vector in call to function "rate", got instant vector',
  );
  assert.match(checkPromql('up{job=~"(["}') ?? '', /^PromQL 1:4: error parsing regexp/);
  assert.match(checkPromql('{}') ?? '', /at least one non-empty matcher/);
  assert.match(checkPromql('histogram_quantile(0.9)') ?? '', /expected 2 argument\(s\)/);
  assert.match(checkPromql('sum(rate(x[5m])) by') ?? '', /^PromQL 1:\d+: /);
  assert.equal(checkPromql('sum(rate(x[5m]))'), undefined);
});

test('long valid expressions pass at any length (the lezer check refused >= 269 or-terms)', () => {
  const chain = (op: string, n: number) => Array.from({ length: n }, (_, i) => `m${i}`).join(` ${op} `);
  assert.equal(checkPromql(chain('or', 2000)), undefined);
  assert.equal(checkPromql(chain('+', 2000)), undefined);
});

test('a message quotes at most ~200 characters of a huge expression', () => {
  const msg = checkPromql(`up{job="${'x'.repeat(100_000)}"} +`) ?? '';
  assert.ok(msg.length > 0 && msg.length < 400, `${msg.length} characters`);
});
