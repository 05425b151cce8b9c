/**
 * File watching and reload: rule files that vanish keep the old rules with an error, the
 * directory stays watched so putting the files back is noticed, and files that are not part of
 * the config (a log written beside alerting.yml) never reload.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runService } from '../../src/cli/run.ts';
import { createLogger } from '../../src/shared/log.ts';

const rule = (name: string) => `      - alert: ${name}\n        expr: up == 0\n`;
const ruleFile = (...names: string[]) => `groups:\n  - name: g\n    rules:\n${names.map(rule).join('')}`;

async function start(t: { after(fn: () => Promise<void>): void }) {
  const dir = await mkdtemp(join(tmpdir(), 'gs-watch-'));
  await mkdir(join(dir, 'rules'));
  await writeFile(join(dir, 'rules', 'a.yml'), ruleFile('A'));
  const file = join(dir, 'alerting.yml');
  await writeFile(
    file,
    [
      'prometheus: { url: http://127.0.0.1:9, timeout: 200ms }',
      'evaluation_interval: 1m',
      'rule_files: [rules/*.yml]',
      `state_dir: ${join(dir, 'data')}`,
      '',
    ].join('\n'),
  );
  const lines: Array<{ level: string; msg: string; issue?: string }> = [];
  const log = createLogger({ level: 'info', write: (l) => void lines.push(JSON.parse(l)) });
  const svc = await runService({ configFile: file, log, signals: false });
  t.after(async () => {
    await svc.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, svc, lines };
}

async function until(what: string, ok: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('rule files that vanish keep the old rules with an error, and putting them back is noticed', async (t) => {
  const { dir, svc, lines } = await start(t);
  assert.deepEqual(
    svc.engine.rules().map((r) => r.name),
    ['A'],
  );
  await rm(join(dir, 'rules'), { recursive: true });
  await until('the reload to be rejected', () =>
    lines.some((l) => /matches no file now/.test(l.issue ?? '')),
  );
  assert.deepEqual(
    svc.engine.rules().map((r) => r.name),
    ['A'],
    'the old rules keep running',
  );
  await mkdir(join(dir, 'rules'));
  await writeFile(join(dir, 'rules', 'a.yml'), ruleFile('A', 'B'));
  await until('the restored file to load', () => svc.engine.rules().length === 2);
});

test('a log file written beside alerting.yml does not reload the config', async (t) => {
  const { dir, lines } = await start(t);
  const reloads = () => lines.filter((l) => l.msg === 'config reloaded').length;
  for (let i = 0; i < 12; i++) {
    await writeFile(join(dir, 'alerting.log'), `line ${i}\n`, { flag: 'a' });
    await new Promise((r) => setTimeout(r, 150));
  }
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(reloads(), 0);
  // A change to the config itself still reloads.
  await writeFile(join(dir, 'rules', 'a.yml'), ruleFile('A', 'C'));
  await until('the changed rule file to reload', () => reloads() === 1);
});
