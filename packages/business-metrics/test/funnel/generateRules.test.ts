import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUSINESS_RULES } from '@golden-signals/conventions';
import { peerBinary } from '../../../../test/helpers/peerBinaries.ts';
import { defineFunnels, generateRules, loadFunnelSpec, renderRules } from '../../src/index.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SPEC = 'deploy/business/funnels.yml';
const RULES = 'deploy/prometheus/rules/business.yml';
const CLI = join(ROOT, 'packages/business-metrics/dist/cli.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

test('the committed business rules are exactly what the generator makes of the committed spec', () => {
  const generated = renderRules(generateRules(loadFunnelSpec(join(ROOT, SPEC))), { source: SPEC });
  assert.equal(
    readFileSync(join(ROOT, RULES), 'utf8'),
    generated,
    `regenerate: node packages/business-metrics/dist/cli.js generate ${SPEC} > ${RULES}`,
  );
});

test('the CLI prints the same rules on stdout', () => {
  const r = cli('generate', SPEC);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, readFileSync(join(ROOT, RULES), 'utf8'));
});

test('promtool check rules accepts the committed business rules', () => {
  const r = spawnSync(peerBinary('promtool'), ['check', 'rules', join(ROOT, RULES)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS: \d+ rules found/);
});

test('every generated rule name is one the conventions declare', () => {
  const declared = new Set<string>(Object.values(BUSINESS_RULES).flatMap((w) => Object.values(w)));
  const spec = loadFunnelSpec(join(ROOT, SPEC));
  const records = generateRules(spec).flatMap((g) => g.rules.map((r) => r.record));
  for (const name of records) assert.ok(declared.has(name), `${name} is not in BUSINESS_RULES`);
  // The shipped spec (with revenue and an abandonment) uses every family.
  assert.deepEqual(new Set(records), declared);
});

test('the CLI rejects a bad spec with file, line and field, and exits 1', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-funnels-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'funnels.yml');
  writeFileSync(file, 'funnels:\n  - name: shop\n    steps: [page_view, checkout, page_view]\n');
  const r = cli('generate', file);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(
    r.stderr,
    new RegExp(`^${file}:3:\\d+: funnels\\[0\\]\\.steps\\[2\\]: step 'page_view' comes back`),
  );
});

test('the CLI explains its usage and exits 2 when called wrongly', () => {
  const r = cli('generat', SPEC);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /usage: golden-signals-business generate <funnels.yml>/);
});

test('a spec without revenue makes no revenue rules, and its interval applies to every group', () => {
  const spec = defineFunnels({
    funnels: [{ name: 'signup', steps: ['page_view', 'signup'] }],
    interval: '30s',
  });
  const groups = generateRules(spec);
  assert.deepEqual(
    groups.map((g) => [g.name, g.interval]),
    [
      ['business.5m', '30s'],
      ['business.1h', '30s'],
      ['business.1d', '30s'],
    ],
  );
  const records = groups.flatMap((g) => g.rules.map((r) => r.record));
  assert.ok(
    !records.some((r) => r.includes('revenue') || r.includes('order_value') || r.includes('checkout')),
  );
});

test('a checkout route with regex characters stays one valid PromQL string', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-funnels-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const spec = defineFunnels({
    funnels: [{ name: 'shop', steps: ['checkout', 'purchase'] }],
    revenue: { checkout_route: '/api/v\\d+/checkout|/pay"now' },
  });
  const file = join(dir, 'business.yml');
  writeFileSync(file, renderRules(generateRules(spec), { source: 'test' }));
  const r = spawnSync(peerBinary('promtool'), ['check', 'rules', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(readFileSync(file, 'utf8'), /http_route=~"\/api\/v\\\\d\+\/checkout\|\/pay\\"now"/);
});
