import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCgroup } from '../../src/cgroup/readCgroup.ts';
import { resolveCgroup } from '../../src/cgroup/resolveCgroup.ts';
import { FileSource } from '../../src/fileSource.ts';
import { fixture } from '../helpers/sdk.ts';

function readFixture(name: string): { reading: ReturnType<typeof readCgroup> | undefined; debug: string[] } {
  const debug: string[] = [];
  const files = new FileSource((m) => debug.push(m));
  const location = resolveCgroup(files, fixture(`${name}/proc`), fixture(`${name}/cgroup`));
  return { reading: location && readCgroup(files, location), debug };
}

test('cgroup v2 gives the CPU quota, memory limit, working set and throttling of the process cgroup', () => {
  const { reading } = readFixture('v2');
  assert.deepEqual(reading, {
    cpuLimit: 0.5,
    cpuTime: 7.5,
    throttledTime: 1.5,
    throttledPeriods: 30,
    memoryLimit: 268435456,
    memoryUsage: 201326592,
    memoryWorkingSet: 201326592 - 33554432,
  });
});

test('cgroup v1 finds the cpu,cpuacct and memory hierarchies and converts nanoseconds', () => {
  const { reading } = readFixture('v1');
  assert.deepEqual(reading, {
    cpuLimit: 2,
    cpuTime: 42,
    throttledTime: 3,
    throttledPeriods: 12,
    memoryLimit: 536870912,
    memoryUsage: 469762048,
    memoryWorkingSet: 469762048 - 67108864,
  });
});

test('cgroup v1 reports no memory limit when the limit is the kernel’s unlimited value', () => {
  const { reading } = readFixture('v1-unlimited');
  assert.equal(reading?.memoryLimit, undefined);
  assert.equal(reading?.memoryUsage, 402653184);
});

test('without /proc/self/cgroup there is no reading and exactly one debug line', () => {
  const { reading, debug } = readFixture('none');
  assert.equal(reading, undefined);
  assert.equal(debug.length, 1);
  assert.match(debug[0] ?? '', /self\/cgroup: not found; its metrics are omitted/);
});
