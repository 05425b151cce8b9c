/**
 * /healthz judges a stalled engine by the monotonic time since its last cycle, so a wall-clock
 * step (NTP, `date -s`) neither reports a healthy service as stalled nor hides a stalled one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { startApiServer } from '../../src/web/apiServer.ts';
import { dataSource, engineSettings } from '../helpers/engineFixture.ts';

const STALE_MS = 30_000;

test('/healthz stays ok across wall-clock steps and says stalled only when cycles stop', async (t) => {
  let wall = Date.parse('2026-12-02T10:00:00Z');
  let mono = 1_000;
  const engine = createEngine({
    settings: engineSettings('/nonexistent', { rules: [], evaluationIntervalMs: 10_000 }),
    client: dataSource().client,
    log: silentLogger,
    now: () => wall,
    monotonic: () => mono,
    inMemory: true,
  });
  const server = await startApiServer({ engine, log: silentLogger, staleAfterMs: STALE_MS }, '127.0.0.1', 0);
  t.after(() => server.close());
  const health = async () => (await fetch(`${server.url}/healthz`)).status;

  assert.equal(await health(), 503, 'no cycle yet');
  await engine.runCycle();
  assert.equal(await health(), 200);
  wall -= 3_600_000; // the clock steps back an hour
  assert.equal(await health(), 200, 'a step back is no stall');
  wall += 86_400_000; // and forward a day
  assert.equal(await health(), 200, 'a step forward is no stall');
  mono += STALE_MS + 1; // no cycle for longer than the limit
  assert.equal(await health(), 503, 'cycles that stop are a stall, whatever the wall clock says');
  await engine.runCycle();
  assert.equal(await health(), 200);
});
