import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profileTiers } from '../../src/core/severity.ts';

test('the error_rate profile puts warning at twice and critical at five times the threshold', () => {
  assert.deepEqual(
    profileTiers('error_rate', 0.02, 'above').map((t) => [t.severity, Number(t.threshold.toFixed(4))]),
    [
      ['info', 0.02],
      ['warning', 0.04],
      ['critical', 0.1],
    ],
  );
});

test('the utilization profile never puts a tier past 100%', () => {
  for (const t of [0.5, 0.8, 0.9, 0.95, 0.99]) {
    const tiers = profileTiers('utilization', t, 'above');
    assert.ok(
      tiers.every((x) => x.threshold < 1),
      `threshold ${t}`,
    );
    assert.ok(
      tiers[0]!.threshold < tiers[1]!.threshold && tiers[1]!.threshold < tiers[2]!.threshold,
      `ordered for ${t}`,
    );
  }
  assert.deepEqual(
    profileTiers('utilization', 0.8, 'above').map((x) => x.threshold),
    [0.8, 0.9, 0.95],
  );
});
