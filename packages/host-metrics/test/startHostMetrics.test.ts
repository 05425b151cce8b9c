import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startHostMetrics } from '../src/index.ts';
import { find, fixture, type HistogramValue, type Pipeline, startPipeline, valueIn } from './helpers/sdk.ts';

let live: Pipeline;
before(() => {
  live = startPipeline({ gcPauses: true, debug: () => {} });
});
after(async () => {
  await live.close();
});

test('the root file system agrees with df within 1%', async () => {
  const points = await live.collect();
  // df -P -B1 /: Filesystem 1-blocks Used Available Capacity Mounted-on
  const [, size, used, available] =
    execFileSync('df', ['-P', '-B1', '/'], { encoding: 'utf8' })
      .trim()
      .split('\n')[1]
      ?.split(/\s+/)
      .map(Number) ?? [];
  const mp = { 'system.filesystem.mountpoint': '/' };
  assert.equal(valueIn(points, 'system.filesystem.limit', mp), size);
  const close = (a: number, b: number | undefined) => Math.abs(a - (b ?? 0)) <= 0.01 * (size ?? 1);
  assert.ok(
    close(valueIn(points, 'system.filesystem.usage', { ...mp, 'system.filesystem.state': 'used' }), used),
  );
  assert.ok(
    close(
      valueIn(points, 'system.filesystem.usage', { ...mp, 'system.filesystem.state': 'free' }),
      available,
    ),
  );
  const dfRatio = (used ?? 0) / ((used ?? 0) + (available ?? 1));
  assert.ok(Math.abs(valueIn(points, 'saturation', { resource: 'disk', mountpoint: '/' }) - dfRatio) < 0.01);
});

test('load average agrees with /proc/loadavg and open-file limit with ulimit -n', async () => {
  const points = await live.collect();
  const [m1] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  assert.ok(Math.abs(valueIn(points, 'system.cpu.load_average.1m') - (m1 ?? 0)) < 0.5);
  const ulimit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  assert.equal(valueIn(points, 'process.unix.file_descriptor.limit'), ulimit);
});

test('threads and RSS agree with /proc/self/status, and opened files raise the fd count', async () => {
  const before = valueIn(await live.collect(), 'process.unix.file_descriptors');
  const fds = Array.from({ length: 10 }, () => openSync('/proc/self/status', 'r'));
  try {
    const points = await live.collect();
    const status = readFileSync('/proc/self/status', 'utf8');
    const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]);
    const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
    assert.ok(Math.abs(valueIn(points, 'process.threads') - threads) <= 2);
    assert.ok(Math.abs(valueIn(points, 'process.memory.usage') - rss) < 0.1 * rss);
    assert.equal(valueIn(points, 'process.unix.file_descriptors') - before, 10);
  } finally {
    for (const fd of fds) closeSync(fd);
  }
});

test('every saturation ratio is in 0..1 and every resource is reported on Linux', async () => {
  const points = find(await live.collect(), 'saturation');
  for (const p of points) assert.ok(Number(p.value) >= 0 && Number(p.value) <= 1, JSON.stringify(p));
  const resources = new Set(points.map((p) => p.attributes.resource));
  assert.deepEqual([...resources].sort(), ['cpu', 'disk', 'event_loop', 'fds', 'memory']);
});

test('blocking the event loop raises event_loop saturation and the delay histogram', async () => {
  await live.collect();
  await new Promise((r) => setTimeout(r, 50));
  const end = performance.now() + 300;
  while (performance.now() < end) {
    // busy loop: the sampler's timer cannot run until this returns
  }
  await new Promise((r) => setTimeout(r, 30));
  const points = await live.collect();
  assert.ok(valueIn(points, 'saturation', { resource: 'event_loop' }) > 0.5);
  const delay = find(points, 'nodejs.eventloop.delay')[0]?.value as HistogramValue;
  assert.ok(delay.count > 0);
  // The 300 ms block lands in the (0.25, 0.5] bucket: index 8 of the boundaries.
  assert.ok((delay.buckets.counts[8] ?? 0) >= 1, JSON.stringify(delay.buckets));
});

test('garbage collections since the last collection appear as minor GC pauses, each counted once', async () => {
  await live.collect();
  let keep: object[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    keep.push({ i });
    if (keep.length > 1000) keep = [];
  }
  // Node delivers `gc` entries to observers from an immediate.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  const first = await live.collect();
  const minor = find(first, 'v8js.gc.duration', { 'v8js.gc.type': 'minor' })[0]?.value as HistogramValue;
  assert.ok(minor && minor.count > 0, 'scavenges were recorded');
  assert.ok(minor.sum > 0 && minor.sum / minor.count < 1, 'pauses are in seconds, not microseconds');
  const again = await live.collect();
  const after = find(again, 'v8js.gc.duration', { 'v8js.gc.type': 'minor' })[0]?.value as HistogramValue;
  assert.ok(after.count - minor.count < minor.count, 'a collection does not count the same pauses again');
});

test('GC pauses are off unless asked for: observing GCs costs memory', async () => {
  const p = startPipeline({ groups: ['runtime'], debug: () => {} });
  try {
    const points = await p.collect();
    assert.ok(find(points, 'nodejs.eventloop.utilization').length > 0, 'the runtime group is on');
    assert.deepEqual(find(points, 'v8js.gc.duration'), []);
  } finally {
    await p.close();
  }
});

test('a process fixture tree gives CPU, memory, network, disk, fd and thread values', async () => {
  const p = startPipeline({
    procRoot: fixture('proc'),
    sysRoot: fixture('sys'),
    cgroupRoot: fixture('none/cgroup'),
    groups: ['system', 'network', 'disk', 'process', 'saturation'],
    debug: () => {},
  });
  try {
    const points = await p.collect();
    assert.equal(valueIn(points, 'system.cpu.time', { 'cpu.mode': 'user' }), 100);
    assert.equal(valueIn(points, 'system.memory.usage', { 'system.memory.state': 'used' }), 2 * 1024 ** 3);
    assert.equal(valueIn(points, 'system.network.io', { 'network.io.direction': 'transmit' }), 639040);
    assert.deepEqual(
      find(points, 'system.disk.io_time').map((x) => x.attributes['system.device']),
      ['vda', 'sda'],
      'partitions (vda1) and loop devices are not disks',
    );
    assert.equal(valueIn(points, 'process.unix.file_descriptors'), 5);
    assert.equal(valueIn(points, 'saturation', { resource: 'fds' }), 5 / 1024);
    assert.equal(valueIn(points, 'saturation', { resource: 'memory' }), 0.25);
  } finally {
    await p.close();
  }
});

test('a memory limit below host memory drives memory saturation from the container (v2 and v1)', async () => {
  for (const [tree, expected] of [
    ['v2', (201326592 - 33554432) / 268435456],
    ['v1', (469762048 - 67108864) / 536870912],
    ['v1-unlimited', 0.25],
  ] as const) {
    const p = startPipeline({
      procRoot: fixture(`${tree}/proc`),
      cgroupRoot: fixture(`${tree}/cgroup`),
      groups: ['cgroup', 'saturation'],
      debug: () => {},
    });
    try {
      assert.equal(valueIn(await p.collect(), 'saturation', { resource: 'memory' }), expected, tree);
    } finally {
      await p.close();
    }
  }
});

test('missing files omit their metrics with one debug line each, across collections', async () => {
  const lines: string[] = [];
  const p = startPipeline({
    procRoot: fixture('none/proc'),
    sysRoot: fixture('none/sys'),
    cgroupRoot: fixture('none/cgroup'),
    debug: (m) => lines.push(m),
  });
  try {
    await p.collect();
    const first = lines.length;
    const points = await p.collect();
    assert.equal(lines.length, first, 'a second collection logs nothing new');
    assert.equal(new Set(lines).size, lines.length, 'no source is reported twice');
    assert.ok(lines.some((l) => l.includes('meminfo: not found')));
    for (const gone of [
      'system.memory.usage',
      'system.cpu.load_average.1m',
      'system.disk.io',
      'cgroup.memory.limit',
    ]) {
      assert.equal(find(points, gone).length, 0, gone);
    }
    assert.equal(find(points, 'saturation', { resource: 'memory' }).length, 0);
    assert.equal(find(points, 'saturation', { resource: 'event_loop' }).length, 1, 'runtime metrics remain');
  } finally {
    await p.close();
  }
});

test('an unknown group or a zero sample interval is rejected at start', () => {
  const provider = { getMeter: () => assert.fail('no meter before validation') } as never;
  assert.throws(() => startHostMetrics(provider, { groups: ['gpu' as never] }), /unknown group "gpu"/);
  assert.throws(() => startHostMetrics(provider, { eventLoopSampleIntervalMs: 0 }), /must be >= 1/);
});

test('after stop the callback no longer runs, so uptime stops advancing', async () => {
  const p = startPipeline({ groups: ['process'], debug: () => {} });
  try {
    const running = valueIn(await p.collect(), 'process.uptime');
    await new Promise((r) => setTimeout(r, 20));
    const last = valueIn(await p.collect(), 'process.uptime');
    assert.ok(last > running);
    p.stop();
    p.stop();
    await new Promise((r) => setTimeout(r, 20));
    // The SDK keeps exporting the last cumulative value; no new observation replaces it.
    assert.ok(valueIn(await p.collect(), 'process.uptime') === last);
  } finally {
    await p.close();
  }
});
