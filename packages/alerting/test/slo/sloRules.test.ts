import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { parseYamlFile } from '@golden-signals/config-issues';
import { binary } from '../../../../test/kit/binaries.ts';
import { checkPromql } from '../../src/rules/checkPromql.ts';
import { createChecker } from '../../src/shared/checker.ts';
import { parseSlos } from '../../src/slo/parseSlos.ts';
import { sloAlertRule, sloRuleFileYaml } from '../../src/slo/sloRules.ts';

const spec = `slos:
  - name: checkout
    service: shop
    objective: 0.999
    sli:
      errors: sum(rate(errors_total[{{window}}]))
      total: sum(rate(requests_total[{{window}}]))
`;

function slos() {
  const y = parseYamlFile('slos.yml', spec);
  const c = createChecker(y.loc);
  const out = parseSlos(c, (y.value as { slos: unknown }).slos, ['slos']);
  assert.deepEqual(c.issues, []);
  return out;
}

test('promtool check rules accepts the generated SLO recording rules', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-slo-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'slo.yml');
  await writeFile(file, sloRuleFileYaml(slos()));
  const { stdout } = await promisify(execFile)(binary('promtool'), ['check', 'rules', file]);
  assert.match(stdout, /SUCCESS: 8 rules found/);
});

test('the burn-rate alert pages at 14.4x and 6x and tickets at 3x and 1x of the error budget', () => {
  const rule = sloAlertRule(slos()[0]!);
  assert.equal(checkPromql(rule.expr), undefined);
  for (const limit of ['0.0144', '0.006', '0.003', '0.001'])
    assert.ok(rule.expr.includes(`> ${limit})`), limit);
  assert.match(
    rule.expr,
    /ratio_rate1h\{slo="checkout",service_name="shop"\} > 0\.0144\) and \(slo:sli_error:ratio_rate5m/,
  );
  assert.deepEqual(
    rule.severity?.tiers.map((t) => [t.severity, t.threshold]),
    [
      ['warning', 1],
      ['critical', 2],
    ],
  );
});
