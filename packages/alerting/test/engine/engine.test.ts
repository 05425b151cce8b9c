import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { stateFile } from '../../src/store/stateStore.ts';
import { dataSource, engineSettings, slowRule } from '../helpers/engineFixture.ts';

test('a pending for timer continues after a restart instead of starting over', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-engine-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let now = 1_000_000;
  const src = dataSource();
  src.set([{ labels: { instance: 'a' }, value: 2 }]);
  const first = createEngine({
    settings: engineSettings(dir),
    client: src.client,
    log: silentLogger,
    now: () => now,
  });
  await first.restore();
  await first.runCycle();
  now += 45_000;
  await first.runCycle();
  assert.equal(first.alerts()[0]?.state, 'pending');
  const second = createEngine({
    settings: engineSettings(dir),
    client: src.client,
    log: silentLogger,
    now: () => now,
  });
  await second.restore();
  now += 15_000;
  const cycle = await second.runCycle();
  assert.deepEqual(
    cycle.events.map((e) => e.kind),
    ['firing'],
    'fires 60s after the original activeAt',
  );
  assert.equal(second.alerts()[0]?.activeAt, 1_000_000);
});

test('a corrupt state file is set aside and reported, and the engine starts empty', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-engine-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(stateFile(dir), '{"version":1,"checksum":"abc","body":"{\\"alerts\\":[');
  const errors: string[] = [];
  const log = { ...silentLogger, error: (msg: string) => errors.push(msg) };
  const engine = createEngine({ settings: engineSettings(dir), client: dataSource().client, log });
  await engine.restore();
  assert.deepEqual(engine.alerts(), []);
  assert.match(errors.join('\n'), /state file was corrupt/);
  assert.ok((await readdir(dir)).some((f) => f.startsWith('engine-state.json.corrupt-')));
  assert.match(engine.metrics(), /golden_signals_alerting_state_corrupt_total 1/);
});

test('queries failing past the grace period raise AlertingDataSourceDown and resolve nothing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-engine-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let now = 1_000_000;
  const src = dataSource();
  const s = engineSettings(dir, { rules: [slowRule({ forMs: 0 })] });
  const engine = createEngine({ settings: s, client: src.client, log: silentLogger, now: () => now });
  src.set([{ labels: { instance: 'a' }, value: 2 }]);
  await engine.runCycle();
  src.set('down');
  const kinds: string[] = [];
  for (let i = 0; i < 4; i++) {
    now += 15_000;
    kinds.push(...(await engine.runCycle()).events.map((e) => `${e.kind} ${e.alert.labels.alertname}`));
  }
  assert.deepEqual(kinds, ['firing AlertingDataSourceDown'], 'after the 30s grace, and no resolve of Slow');
  src.set([]);
  now += 15_000;
  const back = (await engine.runCycle()).events.map((e) => `${e.kind} ${e.alert.labels.alertname}`);
  assert.deepEqual(back, ['resolved AlertingDataSourceDown'], 'evaluation resumes cleanly');
});

test('an empty answer right after Prometheus comes back resolves nothing until the grace has passed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-engine-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let now = 1_000_000;
  const src = dataSource();
  const s = engineSettings(dir, { rules: [slowRule({ forMs: 0 })] });
  const engine = createEngine({ settings: s, client: src.client, log: silentLogger, now: () => now });
  src.set([{ labels: { instance: 'a' }, value: 2 }]);
  await engine.runCycle();
  src.set('down');
  now += 15_000;
  await engine.runCycle();
  // A restarted Prometheus has not scraped yet: its first answers are empty.
  src.set([]);
  const names = async () => {
    now += 15_000;
    return (await engine.runCycle()).events.map((e) => `${e.kind} ${e.alert.labels.alertname}`);
  };
  assert.deepEqual(await names(), [], '15s after the last failure: held');
  assert.equal(engine.alerts().find((a) => a.labels.alertname === 'Slow')?.state, 'firing');
  assert.deepEqual(await names(), ['resolved Slow'], '30s after it (the grace): really no data');
});

test('after a restart with alerts firing, an empty answer resolves nothing until the grace has passed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-engine-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let now = 1_000_000;
  const src = dataSource();
  const s = engineSettings(dir, { rules: [slowRule({ forMs: 0 })] });
  const first = createEngine({ settings: s, client: src.client, log: silentLogger, now: () => now });
  src.set([{ labels: { instance: 'a' }, value: 2 }]);
  await first.runCycle();
  await first.stop();
  // Engine and Prometheus restart together: the new Prometheus has not scraped yet.
  src.set([]);
  now += 60_000;
  const second = createEngine({ settings: s, client: src.client, log: silentLogger, now: () => now });
  await second.restore();
  const names = async () =>
    (await second.runCycle()).events.map((e) => `${e.kind} ${e.alert.labels.alertname}`);
  assert.deepEqual(await names(), [], 'right after the restart: held');
  now += 15_000;
  assert.deepEqual(await names(), [], '15s later: still held');
  now += 15_000;
  assert.deepEqual(await names(), ['resolved Slow'], '30s after the restart (the grace): really no data');
});

test("AlertingDataSourceDown names the data source without the credentials of Prometheus' URL", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-engine-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let now = 1_000_000;
  const src = dataSource();
  const s = engineSettings(dir);
  const engine = createEngine({
    settings: {
      ...s,
      prometheus: { ...s.prometheus, url: 'https://12345:glc_s3cret@prom.example/api/prom' },
    },
    client: src.client,
    log: silentLogger,
    now: () => now,
  });
  src.set('down');
  for (let i = 0; i < 4; i++) {
    now += 15_000;
    await engine.runCycle();
  }
  const ds = engine.alerts().find((a) => a.labels.alertname === 'AlertingDataSourceDown');
  assert.equal(ds?.labels.datasource, 'https://prom.example/api/prom');
  assert.doesNotMatch(JSON.stringify(engine.alerts()) + engine.metrics(), /s3cret|12345/);
});

test('a rule failing through an outage is logged once when it starts failing, not at every cycle', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-engine-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let now = 1_000_000;
  const src = dataSource();
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (msg: string) => warnings.push(msg) };
  const engine = createEngine({ settings: engineSettings(dir), client: src.client, log, now: () => now });
  src.set('down');
  for (let i = 0; i < 10; i++) {
    now += 15_000;
    await engine.runCycle();
  }
  assert.deepEqual(warnings, ['rule evaluation failed: state held']);
  src.set([]);
  now += 15_000;
  await engine.runCycle();
  src.set('down');
  now += 15_000;
  await engine.runCycle();
  assert.equal(warnings.length, 2, 'a new outage is logged again');
});
