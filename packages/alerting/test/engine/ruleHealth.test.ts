/**
 * The per-rule health behind /api/v1/rules (Prometheus' health, lastError, lastEvaluation): unknown
 * before the first evaluation, the query's error while it fails, ok again after, and forgotten
 * when a reload removes the rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../src/engine/engine.ts';
import { type PrometheusClient, QueryError } from '../../src/prometheus/client.ts';
import { silentLogger } from '../../src/shared/log.ts';
import type { AlertingRule } from '../../src/types.ts';
import { engineSettings } from '../helpers/engineFixture.ts';

const rule = (name: string): AlertingRule => ({
  key: `g/${name}#0`,
  name,
  group: 'g',
  file: 'r.yml',
  line: 1,
  expr: `${name}_metric > 1`,
  forMs: 0,
  keepFiringForMs: 0,
  labels: {},
  annotations: {},
});

const settings = (rules: AlertingRule[]) => engineSettings('/nonexistent', { rules });

test('rule health: unknown, then the query error, then ok; dropped with the rule on update', async () => {
  let fail: string | undefined;
  const client: PrometheusClient = {
    async query() {
      if (fail) throw new QueryError('bad_query', fail);
      return [];
    },
    async queryRange() {
      return [];
    },
  };
  let now = 1_000_000;
  const [a, b] = [rule('A'), rule('B')] as [AlertingRule, AlertingRule];
  const engine = createEngine({
    settings: settings([a, b]),
    client,
    log: silentLogger,
    inMemory: true,
    now: () => now,
  });
  assert.equal(engine.ruleHealth(a.key), undefined);
  fail = 'invalid regular expression in label_replace()';
  await engine.runCycle();
  assert.deepEqual(engine.ruleHealth(a.key), { at: now, error: fail });
  fail = undefined;
  now += 15_000;
  await engine.runCycle();
  assert.deepEqual(engine.ruleHealth(a.key), { at: now });
  engine.update(settings([b]));
  assert.equal(engine.ruleHealth(a.key), undefined, 'a removed rule keeps no health');
  assert.deepEqual(engine.ruleHealth(b.key), { at: now });
});
