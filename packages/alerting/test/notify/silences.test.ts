import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silenceCommand } from '../../src/cli/silenceCli.ts';
import { createNotifier, type Notifier } from '../../src/notify/notifier.ts';
import { startApi } from './helpers/api.ts';
import { config, memoryLogger } from './helpers/notifierHarness.ts';

async function withNotifier(
  opts: { token?: string; loopback?: boolean; stateDir?: string },
  fn: (n: Notifier, stateDir: string) => Promise<void>,
) {
  const stateDir = opts.stateDir ?? (await mkdtemp(join(tmpdir(), 'gs-sil-')));
  const n = createNotifier({
    config: config({}),
    stateDir,
    query: async () => [],
    log: memoryLogger(),
    token: opts.token,
    listenIsLoopback: opts.loopback,
  });
  try {
    await fn(n, stateDir);
  } finally {
    await n.close();
    if (!opts.stateDir) await rm(stateDir, { recursive: true, force: true });
  }
}

test('the CLI adds, lists and expires a silence through the running service, and it survives a restart', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-sil-'));
  try {
    let id = '';
    await withNotifier({ stateDir }, (n) =>
      startApi(n, async (url) => {
        const out: string[] = [];
        const code = await silenceCommand(
          ['add', 'service_name="checkout"', '--duration', '2h', '--author', 'alice', '--comment', 'deploy'],
          { url, out: (l) => out.push(l) },
        );
        assert.equal(code, 0, out.join('\n'));
        id = out[0] ?? '';
        assert.match(id, /^[0-9a-f-]{36}$/);
      }),
    );
    await withNotifier({ stateDir }, (n) =>
      startApi(n, async (url) => {
        const out: string[] = [];
        assert.equal(await silenceCommand(['list'], { url, out: (l) => out.push(l) }), 0);
        assert.match(
          out[1] ?? '',
          new RegExp(`^${id}\\tactive\\t.*service_name="checkout"\\talice\\tdeploy$`),
        );
        assert.equal(await silenceCommand(['expire', id], { url, out: (l) => out.push(l) }), 0);
        assert.equal(n.silences()[0]?.id, id);
        const list: string[] = [];
        await silenceCommand(['list'], { url, out: (l) => list.push(l) });
        assert.match(list[1] ?? '', /\texpired\t/);
      }),
    );
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
});

test('the CLI explains a bad matcher and exits non-zero', async () => {
  await withNotifier({}, (n) =>
    startApi(n, async (url) => {
      const out: string[] = [];
      const code = await silenceCommand(['add', 'service_name=~"("', '--author', 'a', '--comment', 'c'], {
        url,
        out: (l) => out.push(l),
      });
      assert.equal(code, 1);
      assert.match(out[0] ?? '', /error parsing regexp/);
    }),
  );
});

test('off loopback the silences API refuses calls without the bearer token', async () => {
  await withNotifier({ token: 's3cret', loopback: false }, (n) =>
    startApi(n, async (url) => {
      assert.equal((await fetch(`${url}/api/v1/silences`)).status, 401);
      const wrong = await fetch(`${url}/api/v1/silences`, { headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 401);
      const ok = await fetch(`${url}/api/v1/silences`, { headers: { authorization: 'Bearer s3cret' } });
      assert.equal(ok.status, 200);
    }),
  );
});

test('a silence that would match every alert is refused', async () => {
  await withNotifier({}, (n) =>
    startApi(n, async (url) => {
      const res = await fetch(`${url}/api/v1/silences`, {
        method: 'POST',
        body: JSON.stringify({ matchers: ['alertname=~".*"'], duration: '1h', createdBy: 'a', comment: 'c' }),
      });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: string }).error, /must not match every alert/);
    }),
  );
});

test('paths that are not the silences API are left to the caller', async () => {
  await withNotifier({}, (n) =>
    startApi(n, async (url) => {
      assert.equal((await fetch(`${url}/api/v1/alerts`)).status, 404);
    }),
  );
});
