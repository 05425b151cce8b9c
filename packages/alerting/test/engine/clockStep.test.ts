/**
 * The engine's waits against wall-clock steps (NTP, `date -s`): `for`, keep_firing_for and the
 * cycle cadence are measured on a monotonic clock, so a step of an hour neither holds a pending
 * alert for that hour nor fires it early; activeAt stays wall-clock (what people read).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { createEngine } from '../../src/engine/engine.ts';
import type { PrometheusClient, Sample } from '../../src/prometheus/client.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { dataSource, engineSettings, slowRule } from '../helpers/engineFixture.ts';

const HOUR = 3_600_000;
const BREACH: Sample[] = [{ labels: { instance: 'a' }, value: 5 }];

/** A wall clock the test steps, and a monotonic clock that only moves forward. */
function clocks() {
  const c = { wall: Date.UTC(2026, 0, 5, 12), mono: 1_000 };
  return {
    c,
    advance(ms: number) {
      c.wall += ms;
      c.mono += ms;
    },
    opts: { now: () => c.wall, monotonic: () => c.mono },
  };
}

async function setup(t: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), 'gs-clockstep-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return { dir, ...dataSource(BREACH) };
}

/** Runs cycles 15 s apart with `step` applied to the wall clock after the first; returns the state per cycle. */
async function pendingThroughStep(t: TestContext, step: number): Promise<string[]> {
  const { dir, client } = await setup(t);
  const k = clocks();
  const engine = createEngine({ settings: engineSettings(dir), client, log: silentLogger, ...k.opts });
  await engine.restore();
  const states: string[] = [];
  for (let i = 0; i <= 4; i++) {
    if (i === 1) k.c.wall += step;
    const r = await engine.runCycle();
    states.push(engine.alerts()[0]?.state ?? 'none');
    assert.equal(r.failedRules, 0);
    k.advance(15_000);
  }
  return states;
}

test('a wall clock stepped back 1 h during `for` does not hold the pending alert for the hour', async (t) => {
  // Breach at 0 s, for: 60s: pending at 0, 15, 30, 45 s; firing at 60 s of monotonic time.
  assert.deepEqual(await pendingThroughStep(t, -HOUR), [
    'pending',
    'pending',
    'pending',
    'pending',
    'firing',
  ]);
});

test('a wall clock stepped forward 1 h during `for` does not fire the pending alert early', async (t) => {
  assert.deepEqual(await pendingThroughStep(t, HOUR), ['pending', 'pending', 'pending', 'pending', 'firing']);
});

test('activeAt stays the wall-clock time people read, across a step', async (t) => {
  const { dir, client } = await setup(t);
  const k = clocks();
  const engine = createEngine({ settings: engineSettings(dir), client, log: silentLogger, ...k.opts });
  await engine.restore();
  const breachAt = k.c.wall;
  await engine.runCycle();
  k.c.wall -= HOUR;
  k.advance(15_000);
  await engine.runCycle();
  assert.equal(engine.alerts()[0]?.activeAt, breachAt);
});

test('keep_firing_for is measured on the monotonic clock', async (t) => {
  const { dir, client, set } = await setup(t);
  const k = clocks();
  const rule = slowRule({ forMs: 0, keepFiringForMs: 30_000 });
  const engine = createEngine({
    settings: engineSettings(dir, { rules: [rule] }),
    client,
    log: silentLogger,
    ...k.opts,
  });
  await engine.restore();
  await engine.runCycle();
  assert.equal(engine.alerts()[0]?.state, 'firing');
  set([]);
  k.advance(15_000);
  await engine.runCycle(); // first clear evaluation: keep_firing_for starts
  k.c.wall -= HOUR;
  const states: string[] = [];
  for (let i = 0; i < 3; i++) {
    k.advance(15_000);
    await engine.runCycle();
    states.push(engine.alerts()[0]?.state ?? 'resolved');
  }
  // Clear at 15 s; kept through 30 s (15 s of keep), resolved at 45 s (30 s of keep elapsed).
  assert.deepEqual(states, ['firing', 'resolved', 'resolved']);
});

test('a restored pending alert whose clock was stepped back while down waits at most its `for`', async (t) => {
  const { dir, client } = await setup(t);
  const k = clocks();
  const first = createEngine({ settings: engineSettings(dir), client, log: silentLogger, ...k.opts });
  await first.restore();
  await first.runCycle();
  k.advance(45_000);
  await first.runCycle();
  assert.equal(first.alerts()[0]?.state, 'pending');
  // Down for 15 s, and the wall clock stepped back 1 h meanwhile; the new run's monotonic clock
  // has its own origin. Restored elapsed time is clamped at 0: the alert waits its `for` again.
  k.c.wall += 15_000 - HOUR;
  k.c.mono = 5;
  const second = createEngine({ settings: engineSettings(dir), client, log: silentLogger, ...k.opts });
  await second.restore();
  const states: string[] = [];
  for (let i = 0; i <= 4; i++) {
    await second.runCycle();
    states.push(second.alerts()[0]?.state ?? 'none');
    k.advance(15_000);
  }
  assert.deepEqual(states, ['pending', 'pending', 'pending', 'pending', 'firing']);
});

test('the evaluation loop keeps its cadence when the wall clock steps back 1 h mid-cycle', async (t) => {
  const { dir } = await setup(t);
  let queries = 0;
  const realNow = Date.now;
  let offset = 0;
  t.mock.method(Date, 'now', () => realNow() + offset);
  const client: PrometheusClient = {
    async query() {
      queries++;
      offset -= HOUR; // the step lands while a cycle runs
      return [];
    },
    queryRange: async () => [],
  };
  const engine = createEngine({
    settings: engineSettings(dir, { evaluationIntervalMs: 50 }),
    client,
    log: silentLogger,
    inMemory: true,
  });
  engine.start();
  await new Promise((r) => setTimeout(r, 1_000));
  await engine.stop();
  assert.ok(queries >= 5, `only ${queries} cycles ran in 1 s at a 50 ms interval`);
});
