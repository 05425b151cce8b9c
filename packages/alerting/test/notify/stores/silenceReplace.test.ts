/**
 * Replacing a silence by id (a v2 POST with `id`, as `amtool silence update` sends), with the
 * rules of Alertmanager's silences `Set`: in place when the matchers are unchanged and the new
 * times are allowed, otherwise the old one ends and a new one, with a new id, takes over.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { endOf, type NewSilence, SilenceStore } from '../../../src/notify/stores/silenceStore.ts';
import { memoryLogger } from '../helpers/notifierHarness.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-02T10:00:00Z');
const disk: NewSilence = {
  matchers: [{ name: 'alertname', type: '=', value: 'DiskFull' }],
  endsAt: T0 + HOUR,
  createdBy: 'alice',
  comment: 'maintenance',
};

describe('a silence replaced by id', () => {
  let dir = '';
  let store: SilenceStore;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gs-silreplace-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const fresh = async () => {
    store = new SilenceStore(join(dir, String(Math.random())), memoryLogger());
    return store.add({ ...disk, startsAt: T0 }, T0);
  };

  it('an active silence with the same matchers and start is updated in place', async () => {
    const s = await fresh();
    const r = await store.replace(
      s.id,
      { ...disk, startsAt: T0, endsAt: T0 + 3 * HOUR, comment: 'longer' },
      T0 + 60_000,
    );
    assert.equal(r?.id, s.id);
    assert.deepEqual(
      store.list(T0 + 60_000).map((x) => [x.id, x.comment, x.endsAt]),
      [[s.id, 'longer', T0 + 3 * HOUR]],
    );
  });

  it('changed matchers end the old silence now and start a new one with a new id', async () => {
    const s = await fresh();
    const now = T0 + 60_000;
    const matchers = [{ name: 'alertname', type: '=~', value: 'Disk.*' }] as const;
    const r = await store.replace(s.id, { ...disk, matchers, startsAt: T0 }, now);
    assert.ok(r && r.id !== s.id);
    assert.equal(endOf(store.get(s.id)!), now, 'the old one ended at the change');
    assert.equal(r.startsAt, now, 'the new one starts now, not in the past');
    assert.equal(store.matching({ alertname: 'DiskFullX' }, now + 1).length, 1);
  });

  it('a new start for an active silence, or an end in the past, makes a new silence', async () => {
    const s = await fresh();
    const later = await store.replace(s.id, { ...disk, startsAt: T0 + 30 * 60_000 }, T0 + 60_000);
    assert.notEqual(later?.id, s.id);
    const t = await fresh();
    const ended = await store.replace(t.id, { ...disk, startsAt: T0, endsAt: T0 + 1 }, T0 + 60_000);
    assert.notEqual(ended?.id, t.id);
  });

  it('a pending silence may move its start, but not into the past', async () => {
    store = new SilenceStore(join(dir, 'pending'), memoryLogger());
    const p = await store.add({ ...disk, startsAt: T0 + HOUR, endsAt: T0 + 2 * HOUR }, T0);
    const moved = await store.replace(p.id, { ...disk, startsAt: T0 + 2 * HOUR, endsAt: T0 + 3 * HOUR }, T0);
    assert.equal(moved?.id, p.id);
    const past = await store.replace(p.id, { ...disk, startsAt: T0 - HOUR, endsAt: T0 + 3 * HOUR }, T0);
    assert.notEqual(past?.id, p.id);
  });

  it('an expired silence is never updated, and an unknown id is undefined', async () => {
    const s = await fresh();
    await store.expire(s.id, T0 + 60_000);
    const r = await store.replace(s.id, { ...disk, startsAt: T0 }, T0 + 120_000);
    assert.notEqual(r?.id, s.id);
    assert.equal(endOf(store.get(s.id)!), T0 + 60_000, 'its end is left as it was');
    assert.equal(await store.replace('no-such-id', disk, T0), undefined);
  });
});
