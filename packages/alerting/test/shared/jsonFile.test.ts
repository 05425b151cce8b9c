import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NotificationLog } from '../../src/notify/stores/notificationLog.ts';
import { SilenceStore } from '../../src/notify/stores/silenceStore.ts';
import { loadJsonFile } from '../../src/shared/jsonFile.ts';

const errors: string[] = [];
const log = { debug() {}, info() {}, warn() {}, error: (m: string) => void errors.push(m) };

test('a missing state file is no value, a torn one is set aside and reported, never thrown', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-json-'));
  try {
    assert.deepEqual(await loadJsonFile(join(dir, 'none.json'), (d) => d), {});
    await writeFile(join(dir, 'torn.json'), '{"silences": [ {"id": "a"');
    const torn = await loadJsonFile(join(dir, 'torn.json'), (d) => d);
    assert.equal(torn.value, undefined);
    assert.match(torn.corrupt?.movedTo ?? '', /torn\.json\.corrupt-\d+$/);
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('torn')).length, 1, 'moved, not copied');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('corrupt silences and notification logs are set aside and the notifier starts empty', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-json-'));
  try {
    await writeFile(join(dir, 'silences.json'), '{"silences": "not a list"}');
    await writeFile(join(dir, 'nflog.json'), '{"told": {"oncall/slack": 42');
    errors.length = 0;
    const silences = new SilenceStore(dir, log);
    await silences.load();
    const nflog = new NotificationLog(dir, log);
    await nflog.load();
    assert.deepEqual(silences.list(Date.now()), []);
    assert.deepEqual(nflog.targets(), []);
    assert.equal(errors.length, 2, errors.join('\n'));
    const files = await readdir(dir);
    assert.ok(files.some((f) => f.startsWith('silences.json.corrupt-')));
    assert.ok(files.some((f) => f.startsWith('nflog.json.corrupt-')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
