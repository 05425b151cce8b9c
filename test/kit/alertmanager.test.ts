import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { startAlertmanager } from './alertmanager.ts';

test('a started Alertmanager answers on its URL, and stop() ends it and removes its folder', async () => {
  const am = await startAlertmanager({ config: 'route:\n  receiver: x\nreceivers:\n  - name: x\n' });
  assert.equal(am.url, `http://127.0.0.1:${am.port}`);
  assert.equal((await fetch(`${am.url}/-/ready`)).status, 200);
  const storage = am.child.spawnargs.find((a) => a.startsWith('--storage.path='))?.split('=')[1] ?? '';
  assert.ok(existsSync(storage), storage);
  await am.stop();
  assert.notEqual(am.child.exitCode ?? am.child.signalCode, null);
  assert.equal(existsSync(storage), false);
});

test('a config Alertmanager refuses fails the start at once, not after the readiness timeout', async () => {
  const started = Date.now();
  await assert.rejects(
    startAlertmanager({ config: 'route:\n  receiver: nowhere\nreceivers: []\n', readyTimeoutMs: 30_000 }),
    /alertmanager did not become ready/,
  );
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});
