import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FilesystemReading } from '../src/collectors/readFilesystems.ts';
import { saturationRatios } from '../src/saturationRatios.ts';

const GiB = 1024 ** 3;
const hostMemory = { total: 16 * GiB, available: 12 * GiB, free: 10 * GiB, cached: 1, buffers: 1 };
const ratio = (r: ReturnType<typeof saturationRatios>, resource: string): number | undefined =>
  r.find((x) => x.resource === resource)?.value;

test('memory is measured against a container limit smaller than the host memory', () => {
  const r = saturationRatios({ hostMemory, cgroup: { memoryLimit: 1 * GiB, memoryWorkingSet: 0.75 * GiB } });
  assert.equal(ratio(r, 'memory'), 0.75);
});

test('memory falls back to the host when the container limit exceeds the host memory', () => {
  const r = saturationRatios({ hostMemory, cgroup: { memoryLimit: 64 * GiB, memoryWorkingSet: 1 * GiB } });
  assert.equal(ratio(r, 'memory'), 0.25);
});

test('CPU is process CPU time over elapsed time times the CPU quota when one is set', () => {
  const processCpu = { cpuSeconds: 0.75, elapsedSeconds: 1 };
  assert.equal(ratio(saturationRatios({ processCpu, hostCpus: 8, cgroup: { cpuLimit: 1.5 } }), 'cpu'), 0.5);
  assert.equal(ratio(saturationRatios({ processCpu, hostCpus: 3 }), 'cpu'), 0.25);
});

test('ratios are clamped to 0..1 when counters race past the limit', () => {
  const r = saturationRatios({
    processCpu: { cpuSeconds: 5, elapsedSeconds: 1 },
    hostCpus: 2,
    fds: 2000,
    fdLimit: 1024,
    eventLoopUtilization: -0.01,
  });
  assert.deepEqual(
    r.map((x) => [x.resource, x.value]),
    [
      ['cpu', 1],
      ['fds', 1],
      ['event_loop', 0],
    ],
  );
});

test('disk follows df: used over used plus available, per mount point', () => {
  const filesystems: FilesystemReading[] = [
    {
      mount: { deviceId: '8:1', mountpoint: '/data', fsType: 'ext4', device: '/dev/sda1' },
      stats: { size: 100, free: 30, available: 20 },
    },
  ];
  assert.deepEqual(saturationRatios({ filesystems }), [
    { resource: 'disk', value: 70 / 90, mountpoint: '/data' },
  ]);
});

test('a resource without data is omitted rather than reported as zero', () => {
  assert.deepEqual(saturationRatios({ processCpu: { cpuSeconds: 1, elapsedSeconds: 0 } }), []);
});
