/**
 * Wall-clock steps (NTP, a VM resumed, an operator's `date -s`) never delay or hasten a page:
 * every wait, timer and rate limit runs on monotonic time; the wall clock only stamps what
 * people read. The wall clock here is injected and stepped by an hour; time itself is real.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { type Clock, systemClock } from '../../src/shared/clock.ts';
import { alert, ev } from './helpers/alerts.ts';
import { startHarness } from './helpers/notifierHarness.ts';

const HOUR = 3_600_000;

/** Real timers and monotonic time, with a wall clock that can be stepped. */
function steppableClock(): Clock & { step(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    monotonic: () => performance.now(),
    sleep: systemClock.sleep,
    step(ms) {
      offset += ms;
    },
  };
}

for (const step of [-HOUR, HOUR]) {
  const label = step < 0 ? 'back' : 'forward';
  test(`the rate limiter ignores a wall clock stepped ${label} 1 h: the next page goes out at once`, async (t) => {
    const clock = steppableClock();
    const h = await startHarness({
      clock,
      slack: { rate_limit: { per_second: 1, burst: 1 } },
      route: { group_wait: '0s', group_interval: '1s' },
    });
    t.after(() => h.cleanup());
    const a = alert({ alertname: 'First', service_name: 'api' });
    await h.notifier.handle([ev('firing', a, clock.now())], [a]);
    await h.sink.waitForDelivered(1, 3_000);
    clock.step(step);
    const b = alert({ alertname: 'Second', service_name: 'api' });
    const started = performance.now();
    await h.notifier.handle([ev('firing', b, clock.now())], [a, b]);
    await h.sink.waitForDelivered(2, 4_000);
    assert.ok(performance.now() - started < 2_500, `took ${performance.now() - started} ms`);
  });

  test(`group_wait lasts group_wait when the wall clock steps ${label} 1 h meanwhile`, async (t) => {
    const clock = steppableClock();
    const h = await startHarness({ clock, route: { group_wait: '1500ms', group_interval: '5s' } });
    t.after(() => h.cleanup());
    const a = alert({ alertname: 'Pending', service_name: 'api' });
    const started = performance.now();
    await h.notifier.handle([ev('firing', a, clock.now())], [a]);
    clock.step(step);
    // The engine's next cycle arrives right after the step.
    await h.notifier.handle([], [a]);
    await new Promise((r) => setTimeout(r, 700));
    await h.notifier.handle([], [a]);
    assert.equal(h.sink.requests.length, 0, 'not before group_wait');
    await h.sink.waitForDelivered(1, 4_000);
    const took = performance.now() - started;
    assert.ok(took >= 1_400 && took < 3_000, `took ${took} ms`);
  });
}

test('a retry in progress is not given up when the wall clock jumps forward 1 h', async (t) => {
  const clock = steppableClock();
  const h = await startHarness({
    clock,
    slack: { retry_deadline: '10m' },
    route: { group_wait: '0s', group_interval: '1m' },
  });
  t.after(() => h.cleanup());
  h.sink.script((n) => {
    if (n === 0) clock.step(HOUR);
    return n < 2 ? 'server_error' : 'ok';
  });
  const a = alert({ alertname: 'Retry', service_name: 'api' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await h.sink.waitForDelivered(1, 5_000);
  assert.deepEqual(
    h.notifier.recent(10).filter((r) => r.status === 'failed'),
    [],
  );
});
