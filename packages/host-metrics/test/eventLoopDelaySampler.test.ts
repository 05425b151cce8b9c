import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLoopDelaySampler, type SamplerClock } from '../src/eventLoopDelaySampler.ts';

/** A clock the test moves by hand; `fire(at)` runs the interval callback at time `at`. */
function fakeClock(): SamplerClock & { fire(at: number): void; running(): boolean } {
  let time = 0;
  let tick: (() => void) | undefined;
  return {
    now: () => time,
    every(_interval, fn) {
      tick = fn;
      return () => {
        tick = undefined;
      };
    },
    fire(at) {
      time = at;
      tick?.();
    },
    running: () => tick !== undefined,
  };
}

test('records how late each tick ran, in seconds, and zero when on time', () => {
  const clock = fakeClock();
  const delays: number[] = [];
  const sampler = new EventLoopDelaySampler(20, (d) => delays.push(d), clock);
  sampler.start();
  clock.fire(20);
  clock.fire(40);
  clock.fire(310); // a 250 ms block
  clock.fire(330);
  assert.deepEqual(delays, [0, 0, 0.25, 0]);
});

test('stop cancels the timer so no more samples are taken', () => {
  const clock = fakeClock();
  const sampler = new EventLoopDelaySampler(10, () => {}, clock);
  sampler.start();
  assert.equal(clock.running(), true);
  sampler.stop();
  assert.equal(clock.running(), false);
});

test('rejects a sample interval below one millisecond', () => {
  assert.throws(() => new EventLoopDelaySampler(0, () => {}), /must be >= 1/);
});
