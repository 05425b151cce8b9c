/**
 * Prometheus tells groups apart by file and name: two files may both define group `node` (the
 * corpora do). Both load, and every rule keeps a distinct key; the first file's keys are
 * unchanged so persisted state still matches them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/loadConfig.ts';

test('the same group name in two rule files loads, with distinct rule keys', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-groups-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rules = 'groups:\n- name: node\n  rules:\n  - alert: Down\n    expr: up == 0\n';
  writeFileSync(join(dir, 'a.yml'), rules);
  writeFileSync(join(dir, 'b.yml'), rules);
  writeFileSync(
    join(dir, 'alerting.yml'),
    'prometheus: { url: http://127.0.0.1:9 }\nrule_files: [a.yml, b.yml]\n',
  );
  const r = loadConfig(join(dir, 'alerting.yml'));
  assert.deepEqual(r.issues, []);
  const keys = r.config?.rules.map((x) => x.key) ?? [];
  assert.equal(keys.length, 2);
  assert.equal(new Set(keys).size, 2);
  assert.equal(keys[0], 'node/Down#0');
});
