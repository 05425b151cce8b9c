import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profileTiers } from '../../src/core/severity.ts';
import { compileTemplate, humanizeDuration } from '../../src/core/template.ts';

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

test('templates render value, labels and the humanize functions like Prometheus', () => {
  const t = compileTemplate(
    '{{ $labels.svc }}: {{ $value | humanize }} req/s, {{ humanizePercentage 0.1234 }}, up {{ humanizeDuration 3725 }}, {{ printf "%.2f" $value }}',
  );
  assert.equal(
    t.render({ value: 12345, labels: { svc: 'shop' } }),
    'shop: 12.35k req/s, 12.34%, up 1h 2m 5s, 12345.00',
  );
  assert.equal(humanizeDuration(0.25), '250ms');
  assert.throws(() => compileTemplate('{{ if $value }}x{{ end }}'), /unsupported action 'if'/);
});
