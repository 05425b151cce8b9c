import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseDiskstats } from '../../src/parsers/parseDiskstats.ts';
import { fixture } from '../helpers/sdk.ts';

const disks = parseDiskstats(readFileSync(fixture('proc/diskstats'), 'latin1'));

test('reads operations, 512-byte sectors as bytes, and busy milliseconds as seconds', () => {
  const vda = disks.find((d) => d.device === 'vda');
  assert.deepEqual(vda, {
    device: 'vda',
    readOps: 39640,
    readBytes: 1963706 * 512,
    writeOps: 32805,
    writeBytes: 4675248 * 512,
    ioTime: 26.312,
  });
});

test('skips loop devices and accepts the 14-field format of older kernels', () => {
  assert.deepEqual(
    disks.map((d) => d.device),
    ['vda', 'vda1', 'sda'],
  );
  assert.equal(disks.find((d) => d.device === 'sda')?.ioTime, 1.5);
});
