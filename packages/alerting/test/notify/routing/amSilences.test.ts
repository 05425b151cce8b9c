import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNotifier, type Notifier } from '../../../src/notify/notifier.ts';
import { SilenceStore } from '../../../src/notify/stores/silenceStore.ts';
import { startApi } from '../helpers/api.ts';
import { config, memoryLogger } from '../helpers/notifierHarness.ts';

const HOUR = 3_600_000;

describe("silences API: Alertmanager's matcher syntax and the guards a pager needs", () => {
  let stateDir = '';
  let notifier: Notifier;
  let base = '';
  let stop: () => void = () => {};
  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'gs-amsil-'));
    notifier = createNotifier({ config: config({}), stateDir, query: async () => [], log: memoryLogger() });
    await new Promise<void>((ready) => {
      void startApi(notifier, (url) => {
        base = url;
        ready();
        return new Promise<void>((r) => {
          stop = r;
        });
      });
    });
  });
  after(async () => {
    stop();
    await notifier.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const post = async (matchers: unknown[], extra: Record<string, unknown> = {}) => {
    const res = await fetch(`${base}/api/v1/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers, createdBy: 'me', comment: 'test', duration: '1h', ...extra }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { error?: string; data?: { silenceID: string } },
    };
  };
  const silenced = async (labels: Record<string, string>) => {
    const access = await notifier.silenceAccess();
    return access.store.matching(labels, access.now()).length > 0;
  };

  for (const [i, text] of ['instance=~"db\\d+"', 'instance=~db\\d+', 'instance=~"db\\\\d+"'].entries()) {
    it(`a regex escape is kept (${text}): it silences db12, not dbdd`, async () => {
      const r = await post([text, `alertname="Escapes${i}"`]);
      assert.equal(r.status, 200, r.body.error);
      assert.equal(await silenced({ alertname: `Escapes${i}`, instance: 'db12' }), true);
      assert.equal(await silenced({ alertname: `Escapes${i}`, instance: 'dbdd' }), false);
    });
  }

  it('brace matchers, several matchers in one string and unquoted values', async () => {
    assert.equal((await post(['{alertname="Brace", team="db"}'])).status, 200);
    assert.equal((await post(['alertname=Several, team=web'])).status, 200);
    assert.equal(await silenced({ alertname: 'Brace', team: 'db' }), true);
    assert.equal(await silenced({ alertname: 'Brace', team: 'web' }), false);
    assert.equal(await silenced({ alertname: 'Several', team: 'web' }), true);
    assert.equal(await silenced({ alertname: 'Several', team: 'db' }), false);
  });

  it('a ReDoS regex like (.*.*)*ZZZ matches a long label in bounded time', async () => {
    assert.equal((await post(['alertname="Redos"', 'job=~"(.*.*)*ZZZ"'])).status, 200);
    const t0 = performance.now();
    assert.equal(await silenced({ alertname: 'Redos', job: 'a'.repeat(5_000) }), false);
    assert.ok(performance.now() - t0 < 1_000, `took ${performance.now() - t0} ms`);
  });

  it('the "must not match every alert" guard is not bypassed by alertname=~".+"', async () => {
    const r = await post(['alertname=~".+"']);
    assert.equal(r.status, 400);
    assert.match(r.body.error ?? '', /every alert/);
    assert.equal((await post(['alertname=~".*"'])).status, 400);
  });

  it('an endsAt in the year 9999 is refused', async () => {
    const r = await post(['alertname="Far"'], { duration: undefined, endsAt: '9999-12-31T00:00:00Z' });
    assert.equal(r.status, 400);
    assert.match(r.body.error ?? '', /latest allowed/);
  });

  it('DELETE with a broken percent-encoding answers 400, not 500', async () => {
    const res = await fetch(`${base}/api/v1/silences/%E0%A4%A`, { method: 'DELETE' });
    assert.equal(res.status, 400);
  });
});

it('a saved ReDoS silence (old file format) does not freeze a restarted service', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-amsil-saved-'));
  try {
    const now = Date.now();
    const silence = {
      id: 'old',
      matchers: [
        { name: 'alertname', op: '=', value: 'Redos' },
        { name: 'job', op: '=~', value: '(.*.*)*ZZZ' },
      ],
      startsAt: now - HOUR,
      endsAt: now + HOUR,
      createdBy: 'me',
      comment: 'saved by an older version',
    };
    await writeFile(join(dir, 'silences.json'), JSON.stringify({ silences: [silence] }));
    const store = new SilenceStore(dir, memoryLogger());
    await store.load();
    const t0 = performance.now();
    assert.equal(store.matching({ alertname: 'Redos', job: 'a'.repeat(5_000) }, now).length, 0);
    assert.equal(
      store.matching({ alertname: 'Redos', job: 'aZZZ' }, now).length,
      1,
      'the saved silence still applies',
    );
    assert.ok(performance.now() - t0 < 1_000, `took ${performance.now() - t0} ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
