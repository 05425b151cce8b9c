import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { SlackSink } from '../../src/notify/integrations/slack/slackSink.ts';
import { deliveredHeaders } from './helpers/slackPosts.ts';

const runner = new URL('./fixtures/outboxRunner.ts', import.meta.url).pathname;

function start(url: string, stateDir: string, count?: number): ChildProcess {
  const args = [runner, url, stateDir, ...(count ? [String(count)] : [])];
  return spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
}

function waitForLine(child: ChildProcess, line: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no '${line}' within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes(line)) {
        clearTimeout(t);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`runner exited with ${code}`)));
  });
}

/** A Slack sink, a state dir and outbox runners on them (`count` alerts each), all gone after the test. */
async function crashRig(t: TestContext, prefix: string, count?: number) {
  const sink = new SlackSink();
  await sink.start();
  const stateDir = await mkdtemp(join(tmpdir(), prefix));
  const children: ChildProcess[] = [];
  t.after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sink.stop();
    await rm(stateDir, { recursive: true, force: true });
  });
  const run = () => {
    const child = start(sink.url, stateDir, count);
    children.push(child);
    return child;
  };
  return {
    sink,
    stateDir,
    run,
    /** kill -9, resolved once it has exited. */
    async kill9(child: ChildProcess) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    },
    /** Starts a runner again on the same state dir and waits until it has sent its outbox. */
    async restartAndDrain() {
      const child = run();
      await waitForLine(child, 'drained', 20_000);
      child.kill('SIGKILL');
    },
    /** The header line of each post the sink accepted. */
    headers: () => deliveredHeaders(sink),
  };
}

test('kill -9 of the notifier mid-send loses nothing, the one possible duplicate is marked as a repeat and nothing else is', async (t) => {
  const rig = await crashRig(t, 'gs-crash-');
  const { sink, stateDir } = rig;
  // First post is accepted, the second hangs: the process dies while that send is in flight.
  sink.sequence(['ok', 'hang']);
  const first = rig.run();
  const deadline = Date.now() + 20_000;
  while (sink.requests.length < 2) {
    assert.ok(Date.now() < deadline, 'the runner never reached the second send');
    await new Promise((r) => setTimeout(r, 20));
  }
  await rig.kill9(first);
  assert.equal(
    (await readdir(join(stateDir, 'outbox'))).length,
    3,
    'the in-flight message (with its sending marker) and the unsent one stay in the outbox',
  );

  sink.script(() => 'ok');
  await rig.restartAndDrain();

  const headers = rig.headers();
  const names = headers.map((h) => h.replace(/^\(repeat\) /, '').split(' · ')[2]).sort();
  assert.deepEqual(
    names,
    ['A (svc)', 'B (svc)', 'C (svc)'],
    `every alert paged exactly once: ${headers.join(' | ')}`,
  );
  assert.equal(
    headers[0]?.startsWith('(repeat)'),
    false,
    'the message delivered before the crash is not repeated',
  );
  const byName = (n: string) => headers.find((h) => h.includes(`${n} (svc)`));
  assert.ok(
    byName('B')?.startsWith('(repeat) '),
    'the message in flight at the kill is resent marked as a repeat',
  );
  assert.equal(
    byName('C')?.startsWith('(repeat)'),
    false,
    'the message never attempted is a first page, not a repeat',
  );
  assert.equal((await readdir(join(stateDir, 'outbox'))).length, 0);
});

test('kill -9 with a full outbox (20 pages queued behind a hung post): every page arrives once after the restart, only the hung one marked', async (t) => {
  const rig = await crashRig(t, 'gs-crash-full-', 20);
  const { sink, stateDir } = rig;
  sink.script(() => 'hang');
  const first = rig.run();
  const outboxFiles = async () =>
    (await readdir(join(stateDir, 'outbox')).catch(() => [])).filter((n) => n.endsWith('.json')).length;
  const deadline = Date.now() + 20_000;
  while (sink.requests.length < 1 || (await outboxFiles()) < 20) {
    assert.ok(Date.now() < deadline, 'the outbox never filled');
    await new Promise((r) => setTimeout(r, 20));
  }
  await rig.kill9(first);
  assert.equal(sink.requests.length, 1, 'head-of-line: one post in flight, 19 waiting');

  sink.script(() => 'ok');
  await rig.restartAndDrain();
  const headers = rig.headers();
  const names = headers.map((h) => h.replace(/^\(repeat\) /, '').split(' · ')[2]);
  assert.equal(new Set(names).size, 20, 'none lost');
  assert.equal(names.length, 20, 'none twice');
  assert.equal(headers.filter((h) => h.startsWith('(repeat) ')).length, 1, 'only the hung post is marked');
  assert.equal(await outboxFiles(), 0);
});
