/**
 * State-dir faults, on real file systems: a 64k tmpfs filled to ENOSPC and a read-only bind
 * mount. A full disk while running is a degraded mode (pages still go out, /healthz and a metric
 * say so) that recovers when space returns; temp files are never left behind.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../src/shared/atomicFile.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { stateWrites } from '../../src/shared/stateWrites.ts';
import { canMount, readOnlyBind, smallTmpfs } from '../helpers/mounts.ts';
import { alert, ev } from './helpers/alerts.ts';
import { startHarness } from './helpers/notifierHarness.ts';

const skip = canMount() ? false : 'needs root to mount a tmpfs';

test('writeFileAtomic on a full disk fails with ENOSPC and leaves no temp file behind', {
  skip,
}, async (t) => {
  const m = smallTmpfs();
  t.after(() => m.unmount());
  m.fill();
  await assert.rejects(writeFileAtomic(join(m.dir, 'state.json'), 'x'.repeat(20_000)), /ENOSPC/);
  await assert.rejects(writeFileAtomic(join(m.dir, 'small.json'), '{}'), /ENOSPC/);
  const left = (await readdir(m.dir)).filter((n) => n.endsWith('.tmp'));
  assert.deepEqual(left, []);
});

test('a disk that fills while running: pages still go out, the fault is reported, and it recovers when space returns', {
  skip,
}, async (t) => {
  const m = smallTmpfs();
  t.after(() => m.unmount());
  const h = await startHarness({
    clock: systemClock,
    stateDir: m.dir,
    route: { group_wait: '0s', group_interval: '1s' },
  });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'DiskFull1', service_name: 'api' });
  await h.notifier.handle([ev('firing', a, Date.now())], [a]);
  await h.sink.waitForDelivered(1);
  await h.notifier.drained();
  m.fill();
  const b = alert({ alertname: 'DiskFull2', service_name: 'api' });
  await h.notifier.handle([ev('firing', b, Date.now())], [a, b]);
  await h.sink.waitForDelivered(2, 5_000);
  assert.ok(stateWrites.unhealthy(m.dir), 'the state dir is reported unhealthy');
  assert.ok(stateWrites.failures(m.dir) >= 1);
  m.free();
  const c = alert({ alertname: 'DiskFull3', service_name: 'api' });
  await h.notifier.handle([ev('firing', c, Date.now())], [a, b, c]);
  await h.sink.waitForDelivered(3, 5_000);
  await h.notifier.drained();
  await h.notifier.handle([], [a, b, c]);
  assert.equal(stateWrites.unhealthy(m.dir), undefined, 'healthy again once a write succeeded');
  assert.deepEqual(
    (await readdir(m.dir)).filter((n) => n.endsWith('.tmp')),
    [],
  );
});

test('a read-only state dir: the notifier reports it instead of crashing, and pages still go out', {
  skip,
}, async (t) => {
  const src = await mkdtemp(join(tmpdir(), 'gs-ro-src-'));
  const m = readOnlyBind(src);
  t.after(async () => {
    m.unmount();
    await rm(src, { recursive: true, force: true });
  });
  const h = await startHarness({ clock: systemClock, stateDir: m.dir, route: { group_wait: '0s' } });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'ReadOnly', service_name: 'api' });
  await h.notifier.handle([ev('firing', a, Date.now())], [a]);
  await h.sink.waitForDelivered(1, 5_000);
  assert.match(stateWrites.unhealthy(m.dir) ?? '', /EROFS/);
});
