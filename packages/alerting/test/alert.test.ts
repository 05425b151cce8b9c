import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meetsMinSeverity, SEVERITIES, severityRank } from '../src/alert.ts';

test('severities rank info < warning < critical, and an unknown severity ranks as warning', () => {
  assert.deepEqual(
    SEVERITIES.map((s) => severityRank(s)),
    [0, 1, 2],
  );
  assert.equal(severityRank('page'), severityRank('warning'));
  assert.equal(severityRank(undefined), severityRank('warning'));
});

test('min_severity never drops an unknown severity at warning or below, and gates it at critical', () => {
  assert.equal(meetsMinSeverity('page', undefined), true);
  assert.equal(meetsMinSeverity('page', 'info'), true);
  assert.equal(meetsMinSeverity('page', 'warning'), true);
  assert.equal(meetsMinSeverity('page', 'critical'), false);
  assert.equal(meetsMinSeverity('info', 'warning'), false);
});
