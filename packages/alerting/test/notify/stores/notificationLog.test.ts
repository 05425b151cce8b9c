import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NotificationLog } from '../../../src/notify/stores/notificationLog.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

test('group send times older than the retention are forgotten at save, so the log stays bounded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-nflog-'));
  try {
    let now = 0;
    const log = new NotificationLog(dir, quiet, { maxAgeMs: 8 * 3_600_000, now: () => now });
    for (let i = 0; i < 1000; i++) log.setLastSent('oncall/slack', `{pod="p${i}"}`, 0);
    now = 3_600_000;
    log.setLastSent('oncall/slack', '{pod="fresh"}', now);
    await log.save();
    assert.equal(log.lastSent('oncall/slack', '{pod="p1"}'), 0, 'kept while within the retention');
    now = 9 * 3_600_000;
    await log.save();
    assert.equal(log.lastSent('oncall/slack', '{pod="p1"}'), undefined);
    assert.equal(log.lastSent('oncall/slack', '{pod="fresh"}'), 3_600_000);
    const saved = JSON.parse(await readFile(join(dir, 'nflog.json'), 'utf8')) as { lastSent: object };
    assert.equal(Object.keys(saved.lastSent).length, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
