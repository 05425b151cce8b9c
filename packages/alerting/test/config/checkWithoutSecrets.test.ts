/**
 * `golden-signals-alerting check` as a CI job runs it: the built binary, the shipped config, no
 * secrets in the environment. Unset variables and unreadable secret files are warnings (exit 0);
 * `--strict-env` makes them errors; secrets can come from files (`webhook_url_file`, `url_file`,
 * GOLDEN_SIGNALS_ALERTING_TOKEN_FILE) and never show up in the output.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/loadConfig.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CLI = join(ROOT, 'packages/alerting/dist/cli.js');
const built = existsSync(CLI) || 'the alerting CLI is not built (npm run build)';
const SECRET = 'https://hooks.slack.com/services/T0/B0/not-for-your-eyes';

/** Runs the built CLI from the repository root with `env` (no SLACK_WEBHOOK_URL unless given). */
function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const base = { ...process.env };
  delete base.SLACK_WEBHOOK_URL;
  delete base.GOLDEN_SIGNALS_ALERTING_TOKEN;
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...base, ...env } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("the README's check of the shipped config passes without SLACK_WEBHOOK_URL and warns about it", {
  skip: built !== true && built,
}, async () => {
  const r = await cli(['check', '--config', 'deploy/alerting/alerting.yml']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok: \d+ alerting rules/);
  assert.match(
    r.stderr,
    /^warning: deploy\/alerting\/alerting\.yml:\d+:\d+: receivers\[0\]\.slack\.webhook_url: environment variable SLACK_WEBHOOK_URL is not set/m,
  );
  assert.doesNotMatch(r.stderr, /expected an http/, 'no error follows from the empty value');
});

test('--strict-env makes an unset variable an error (exit 2), as run treats it', {
  skip: built !== true && built,
}, async () => {
  const r = await cli(['check', '--strict-env', '--config', 'deploy/alerting/alerting.yml']);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /receivers\[0\]\.slack\.webhook_url: environment variable SLACK_WEBHOOK_URL is not set/,
  );
});

test('a real mistake still fails check without secrets', { skip: built !== true && built }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-check-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'alerting.yml'),
    `prometheus: { url: http://127.0.0.1:9090 }
evaluation_interval: soon
receivers: [ { name: a, slack: { webhook_url: "\${SLACK_WEBHOOK_URL}" } } ]
route: { receiver: a }
`,
  );
  const r = await cli(['check', '--config', 'alerting.yml'], {}, dir);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /alerting\.yml:2:\d+: evaluation_interval: /);
  assert.match(r.stderr, /^warning: .*SLACK_WEBHOOK_URL/m);
});

test('Slack and webhook URLs come from files (webhook_url_file, url_file); a missing file is a warning, never a printed secret', {
  skip: built !== true && built,
}, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-check-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'slack.url'), `${SECRET}\n`);
  await writeFile(join(dir, 'hook.url'), 'http://127.0.0.1:9099/hook?token=also-secret\n');
  const config = (slackFile: string) =>
    `prometheus: { url: http://127.0.0.1:9090 }
receivers:
  - name: oncall
    slack: { webhook_url_file: ${slackFile}, min_severity: warning }
  - name: audit
    webhook: { url_file: hook.url }
route: { receiver: oncall }
`;
  await writeFile(join(dir, 'alerting.yml'), config('slack.url'));
  const ok = await cli(['check', '--strict-env', '--config', 'alerting.yml'], {}, dir);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stderr, '');
  const loaded = loadConfig(join(dir, 'alerting.yml'), {});
  assert.deepEqual(loaded.issues, []);
  const json = JSON.stringify(loaded.config?.notify.receivers);
  assert.ok(json.includes('not-for-your-eyes') && json.includes('also-secret'), 'both secrets were read');

  await writeFile(join(dir, 'alerting.yml'), config('/run/secrets/absent-slack-url'));
  const warned = await cli(['check', '--config', 'alerting.yml'], {}, dir);
  assert.equal(warned.code, 0, warned.stdout + warned.stderr);
  assert.match(
    warned.stderr,
    /^warning: alerting\.yml:4:\d+: receivers\[0\]\.slack\.webhook_url_file: cannot read secret file \/run\/secrets\/absent-slack-url \(ENOENT\)/m,
  );
  const strict = await cli(['check', '--strict-env', '--config', 'alerting.yml'], {}, dir);
  assert.equal(strict.code, 2);
  for (const out of [ok, warned, strict])
    assert.doesNotMatch(out.stdout + out.stderr, /not-for-your-eyes|also-secret/);
});

test('the silence command reads its token from GOLDEN_SIGNALS_ALERTING_TOKEN_FILE', {
  skip: built !== true && built,
}, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-token-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'token'), 's3cr3t-token\n');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":[]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = await cli(['silence', 'list', '--url', url], {
    GOLDEN_SIGNALS_ALERTING_TOKEN_FILE: join(dir, 'token'),
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(seen, ['Bearer s3cr3t-token']);
  const missing = await cli(['silence', 'list', '--url', url], {
    GOLDEN_SIGNALS_ALERTING_TOKEN_FILE: join(dir, 'nope'),
  });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read GOLDEN_SIGNALS_ALERTING_TOKEN_FILE .*nope \(ENOENT\)/);
});

test('run refuses to start when GOLDEN_SIGNALS_ALERTING_TOKEN_FILE cannot be read', {
  skip: built !== true && built,
}, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-token-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'alerting.yml'),
    `prometheus: { url: http://127.0.0.1:9 }\nstate_dir: ./data\nlisten: 127.0.0.1:0\n`,
  );
  const r = await cli(
    ['run', '--config', 'alerting.yml'],
    { GOLDEN_SIGNALS_ALERTING_TOKEN_FILE: join(dir, 'absent') },
    dir,
  );
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /cannot read GOLDEN_SIGNALS_ALERTING_TOKEN_FILE .*absent \(ENOENT\)/);
});
