/**
 * Severity hysteresis: one band per tier. The demo's e2e flaked because its critical-phase error
 * ratio hovered at 0.20-0.24 against a 0.2 threshold and the alert de-escalated at 0.1985.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import type { AlertEvent } from '../../src/alert.ts';
import type { AlertRecord } from '../../src/core/alertRecord.ts';
import { evaluateRule } from '../../src/core/evaluateRule.ts';
import { parseRuleFile } from '../../src/rules/parseRuleFile.ts';
import type { AlertingRule } from '../../src/types.ts';

const DEMO_RULES = resolve(import.meta.dirname, '../../../../deploy/alerting/demo/rules/demo-shop.yml');

function demoRule(name: string, severityYaml?: string): AlertingRule {
  let text = readFileSync(DEMO_RULES, 'utf8');
  if (severityYaml)
    text = text.replace('          recover: 0.01\n', `          recover: 0.01\n${severityYaml}`);
  const parsed = parseRuleFile(DEMO_RULES, text);
  assert.deepEqual(parsed.issues, []);
  const rule = parsed.rules.find((r) => r.name === name);
  assert.ok(rule);
  return rule;
}

function severities(rule: AlertingRule, values: readonly number[]) {
  let records: AlertRecord[] = [];
  let now = 1_000_000;
  const events: AlertEvent[] = [];
  const seen: string[] = [];
  for (const value of values) {
    now += 5_000;
    const out = evaluateRule({
      rule,
      previous: records,
      result: { ok: true, samples: [{ labels: { service_name: 'demo-shop' }, value }] },
      // The context's low-traffic condition returns nothing: traffic is normal.
      context: rule.severity?.context.map(() => []) ?? [],
      now,
      flap: { windowMs: 600_000, maxFlips: 100 },
      resolvedRetentionMs: 3_600_000,
      holdNoData: false,
    });
    records = out.records;
    events.push(...out.events);
    seen.push(records.find((r) => r.state !== 'resolved')?.severity ?? 'none');
  }
  return { seen, events };
}

test('a critical error ratio hovering around its 0.2 threshold stays critical (0.1985 does not de-escalate)', () => {
  const { seen, events } = severities(
    demoRule('CheckoutErrorRatio'),
    [0.24, 0.24, 0.22, 0.1985, 0.21, 0.19, 0.2],
  );
  assert.deepEqual(seen, [
    'critical',
    'critical',
    'critical',
    'critical',
    'critical',
    'critical',
    'critical',
  ]);
  assert.deepEqual(
    events.map((e) => e.kind),
    ['firing'],
  );
});

test('it de-escalates once the value is a fifth of the way back to warning (below 0.17), and escalates again at 0.2', () => {
  const { seen, events } = severities(demoRule('CheckoutErrorRatio'), [0.24, 0.24, 0.171, 0.169, 0.19, 0.2]);
  assert.deepEqual(seen, ['critical', 'critical', 'critical', 'warning', 'warning', 'critical']);
  assert.deepEqual(
    events.map((e) => `${e.kind} ${e.alert.severity}`),
    ['firing critical', 'deescalated warning', 'escalated critical'],
  );
});

test('a held alert says why it is held', () => {
  const rule = demoRule('CheckoutErrorRatio');
  let records: AlertRecord[] = [];
  for (const [i, value] of [0.3, 0.3, 0.19].entries()) {
    records = evaluateRule({
      rule,
      previous: records,
      result: { ok: true, samples: [{ labels: { service_name: 'demo-shop' }, value }] },
      context: [[]],
      now: 1_000_000 + i * 5_000,
      flap: { windowMs: 600_000, maxFlips: 100 },
      resolvedRetentionMs: 3_600_000,
      holdNoData: false,
    }).records;
  }
  assert.equal(records[0]?.severity, 'critical');
  assert.match(records[0]?.reasons.join('; ') ?? '', /held at critical: value 0\.19 not yet below 0\.17/);
});

test('per-tier recover points and hysteresis: 0 turn the band off or move it', () => {
  const off = demoRule('CheckoutErrorRatio', '          hysteresis: 0\n');
  assert.deepEqual(severities(off, [0.24, 0.24, 0.1985]).seen, ['critical', 'critical', 'warning']);
  const text = readFileSync(DEMO_RULES, 'utf8').replace(
    '          recover: 0.01\n',
    '          recover: { info: 0.01, critical: 0.15 }\n',
  );
  const rule = parseRuleFile(DEMO_RULES, text).rules.find((r) => r.name === 'CheckoutErrorRatio');
  assert.ok(rule);
  assert.equal(rule.severity?.recover, 0.01);
  assert.deepEqual(severities(rule, [0.24, 0.24, 0.16, 0.149]).seen, [
    'critical',
    'critical',
    'critical',
    'warning',
  ]);
});

test('a recover point outside its band, or an unknown tier, is an error naming the field', () => {
  const bad = (recover: string) =>
    parseRuleFile(
      DEMO_RULES,
      readFileSync(DEMO_RULES, 'utf8').replace(
        '          recover: 0.01\n',
        `          recover: ${recover}\n`,
      ),
    ).issues.map((i) => i.message);
  assert.match(
    bad('{ critical: 0.03 }').join('\n'),
    /recover 0\.03 of critical must lie between warning 0\.05 and critical 0\.2/,
  );
  assert.match(bad('{ page: 0.1 }').join('\n'), /'page' is not one of this rule's tiers/);
  const h = parseRuleFile(
    DEMO_RULES,
    readFileSync(DEMO_RULES, 'utf8').replace(
      '          recover: 0.01\n',
      '          recover: 0.01\n          hysteresis: 1.5\n',
    ),
  ).issues;
  assert.match(h.map((i) => `${i.line}: ${i.message}`).join('\n'), /\d+: expected a fraction from 0/);
});

test('for a below rule the band lies above the threshold (Apdex critical at 0.7 recovers above 0.73)', () => {
  const text = readFileSync(resolve(DEMO_RULES, '../../../rules/golden-signals.yml'), 'utf8');
  const apdex = parseRuleFile('golden-signals.yml', text).rules.find((r) => r.name === 'ApdexLow');
  assert.ok(apdex);
  const critical = apdex.severity?.tiers.find((t) => t.severity === 'critical');
  assert.ok(critical?.recover !== undefined && Math.abs(critical.recover - 0.73) < 1e-9);
  assert.deepEqual(severities({ ...apdex, forMs: 0 }, [0.6, 0.72, 0.74]).seen, [
    'critical',
    'critical',
    'warning',
  ]);
});
