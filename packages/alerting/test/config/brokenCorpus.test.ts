import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatIssue } from '@golden-signals/config-issues';
import { loadConfig } from '../../src/config/loadConfig.ts';
import { parseRuleFile } from '../../src/rules/parseRuleFile.ts';

const dir = join(import.meta.dirname, '../fixtures/broken');

/**
 * Each fixture states on its first line where the error must be reported:
 * `# expect: LINE FIELD` (FIELD omitted for YAML syntax errors).
 */
describe('broken configs and rule files', () => {
  for (const name of readdirSync(dir).sort()) {
    test(`${name} is rejected with its file, line and field`, () => {
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      const m = /^# expect: (\d+)(?: (\S+))?/.exec(text);
      assert.ok(m, 'fixture must start with # expect: LINE FIELD');
      const [, line, field = ''] = m;
      const issues = name.endsWith('.rules.yml')
        ? parseRuleFile(path, text).issues
        : loadConfig(path, {}).issues;
      assert.ok(issues.length > 0, 'must be rejected');
      const hit = issues.find((i) => i.line === Number(line) && i.field === field);
      assert.ok(
        hit,
        `expected an issue at line ${line} field '${field}', got:\n${issues.map(formatIssue).join('\n')}`,
      );
      assert.ok(hit.file.endsWith(name), 'names the file');
      assert.ok(hit.message.length > 10, 'says what was expected');
    });
  }
});

test('check reports every error of a file at once, not only the first', () => {
  const text = readFileSync(join(dir, 'bad-duration.rules.yml'), 'utf8').replace(
    'expr: up == 0',
    'expr: up ==',
  );
  const { issues } = parseRuleFile('x.yml', text);
  assert.deepEqual(issues.map((i) => i.field).sort(), ['groups[0].rules[0].expr', 'groups[0].rules[0].for']);
});
