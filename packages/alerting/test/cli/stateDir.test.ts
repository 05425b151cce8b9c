/**
 * The state directory at start-up and while running, on real file systems (a read-only bind
 * mount, a 64k tmpfs filled to ENOSPC): a clear error and exit code 1 at start; a degraded mode
 * while running that /healthz and /metrics report, and that ends when space returns.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runService } from '../../src/cli/run.ts';
import { createLogger } from '../../src/shared/log.ts';
import { canMount, readOnlyBind, smallTmpfs } from '../helpers/mounts.ts';

const CLI = join(import.meta.dirname, '../../src/cli.ts');
const skip = canMount() ? false : 'needs root to mount';

async function configIn(stateDir: string, listen = false): Promise<{ file: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gs-statecfg-'));
  await writeFile(
    join(dir, 'rules.yml'),
    'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n',
  );
  const file = join(dir, 'alerting.yml');
  await writeFile(
    file,
    [
      'prometheus: { url: http://127.0.0.1:9, timeout: 200ms }',
      'evaluation_interval: 1s',
      'rule_files: [rules.yml]',
      `state_dir: ${stateDir}`,
      ...(listen ? ['listen: 127.0.0.1:0'] : []),
      '',
    ].join('\n'),
  );
  return { file, dir };
}

function runCli(file: string) {
  return spawnSync(process.execPath, [CLI, 'run', '--config', file], { encoding: 'utf8', timeout: 15_000 });
}

test('a read-only state_dir at start: a clear error naming the directory and exit code 1', {
  skip,
}, async (t) => {
  const src = await mkdtemp(join(tmpdir(), 'gs-ro-src-'));
  const m = readOnlyBind(src);
  const cfg = await configIn(m.dir);
  t.after(async () => {
    m.unmount();
    await rm(src, { recursive: true, force: true });
    await rm(cfg.dir, { recursive: true, force: true });
  });
  const r = runCli(cfg.file);
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`state_dir ${m.dir} is not writable: the file system is read-only \\(EROFS\\)`),
  );
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('a full state_dir at start: a clear error and exit code 1, no temp file left', { skip }, async (t) => {
  const m = smallTmpfs();
  const cfg = await configIn(m.dir);
  t.after(async () => {
    m.unmount();
    await rm(cfg.dir, { recursive: true, force: true });
  });
  m.fill();
  const r = runCli(cfg.file);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /is not writable: the disk is full \(ENOSPC\)/);
  const { readdirSync } = await import('node:fs');
  assert.deepEqual(
    readdirSync(m.dir).filter((n) => n.endsWith('.tmp')),
    [],
  );
});

test('a state_dir that fills while running: /healthz says degraded and /metrics counts it, until space returns', {
  skip,
}, async (t) => {
  const m = smallTmpfs();
  const cfg = await configIn(m.dir, true);
  const log = createLogger({ level: 'error', write: () => {} });
  const svc = await runService({ configFile: cfg.file, log, signals: false, watchFiles: false });
  t.after(async () => {
    await svc.stop();
    m.unmount();
    await rm(cfg.dir, { recursive: true, force: true });
  });
  const health = async () => {
    const res = await fetch(`${svc.url}/healthz`);
    return { status: res.status, body: (await res.json()) as { status: string } };
  };
  const until = async (ok: (h: Awaited<ReturnType<typeof health>>) => boolean) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const h = await health();
      if (ok(h)) return h;
      if (Date.now() > deadline) throw new Error(`healthz stayed ${JSON.stringify(h)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await until((h) => h.status === 200);
  m.fill();
  const degraded = await until((h) => h.status === 503);
  assert.match(degraded.body.status, /degraded: state_dir not writable/);
  const metrics = await (await fetch(`${svc.url}/metrics`)).text();
  assert.match(metrics, /alerting_state_write_failures_total\{[^}]*error_code="ENOSPC"\} [1-9]/);
  assert.match(metrics, /alerting_state_writable\{[^}]*\} 0/);
  m.free();
  await until((h) => h.status === 200);
});
