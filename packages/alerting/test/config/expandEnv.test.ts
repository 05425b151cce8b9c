import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatIssue } from '@golden-signals/config-issues';
import { loadConfig } from '../../src/config/loadConfig.ts';

async function load(text: string, env: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'gs-env-'));
  try {
    await writeFile(join(dir, 'alerting.yml'), text);
    return loadConfig(join(dir, 'alerting.yml'), env);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('an environment reference inside a flow mapping, as the README writes it, loads and expands', async () => {
  const hook = 'https://hooks.slack.com/services/T0/B0/s3cret';
  const { config, issues } = await load(
    `prometheus: { url: \${PROM_URL:-http://127.0.0.1:9090}, timeout: 10s }
receivers:
  - name: oncall
    slack: { webhook_url: \${SLACK_WEBHOOK_URL}, min_severity: warning, send_resolved: true }
route: { receiver: oncall }
`,
    { SLACK_WEBHOOK_URL: hook },
  );
  assert.deepEqual(issues.map(formatIssue), []);
  assert.equal(config?.prometheus.url, 'http://127.0.0.1:9090');
  assert.match(JSON.stringify(config?.notify.receivers), /s3cret/);
});

test('$$ stays a literal dollar and an unset variable is reported at its line', async () => {
  const { issues } = await load(
    `prometheus:
  url: http://127.0.0.1:9090
  headers: { X-Price: "$\${NOT_A_VAR}", Authorization: "Bearer \${GS_UNSET_IN_TEST}" }
`,
    {},
  );
  assert.deepEqual(
    issues.map((i) => `${i.line} ${i.field}`),
    ['3 prometheus.headers.Authorization'],
  );
  assert.match(
    issues[0]?.message ?? '',
    /GS_UNSET_IN_TEST is not set \(referenced as \$\{GS_UNSET_IN_TEST\}\)/,
  );
});

test('a YAML syntax error is reported once with a count, not once per token after it', async () => {
  const { issues } = await load(
    `prometheus: { url: http://127.0.0.1:9090 }
route: { receiver: oncall, group_by: [alertname }
receivers: [ { name: oncall } ]
`,
    {},
  );
  assert.equal(issues.length, 1, issues.map(formatIssue).join('\n'));
  assert.equal(issues[0]?.line, 2);
  assert.match(issues[0]?.message ?? '', /^YAML: .*\(and \d+ more syntax errors after it\)$/);
});
